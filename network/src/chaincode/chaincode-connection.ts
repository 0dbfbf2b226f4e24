/**
 * Dials a chaincode server (chaincode-as-a-service) the way a peer does: open `protos.Chaincode/Connect`,
 * let the chaincode REGISTER, answer REGISTERED + READY. Each peer keeps its own connection, so several
 * peers share one chaincode server with one stream each. A dropped stream is re-dialled on next use, as
 * Fabric relaunches (re-connects to) an external chaincode.
 */
import { credentials, type ChannelCredentials } from '@grpc/grpc-js';
import { ChaincodeClient } from '@hyperledger/fabric-protos/lib/peer/chaincode_shim_grpc_pb';
import { ChaincodeStreamError } from './errors';
import { ChaincodeHandler } from './handler';
import { silentLogger, type ChaincodeLogger } from './logger';
import type { ShimRequestMetrics } from './shim-request-metrics';
import type { QueryLimits } from './query-response-builder';

export interface ChaincodeTlsOptions {
  /** PEM of the CA that signed the chaincode server's certificate. */
  readonly rootCert: Buffer;
  /** Client certificate and key, when the chaincode server requires mutual TLS. */
  readonly clientCert?: Buffer;
  readonly clientKey?: Buffer;
  /** Host name to verify instead of the dialled one. */
  readonly serverNameOverride?: string;
}

export interface ChaincodeEndpoint {
  /** host:port of the chaincode server (connection.json "address"). */
  readonly address: string;
  readonly tls?: ChaincodeTlsOptions;
}

export interface ChaincodeConnectionOptions {
  /** Refuse a chaincode that registers under another package ID. */
  readonly expectedChaincodeId?: string;
  /** How long the chaincode may take to REGISTER after the stream opens (Fabric: chaincode.startuptimeout). */
  readonly registerTimeoutMs?: number;
  readonly limits?: QueryLimits;
  readonly logger?: ChaincodeLogger;
  readonly metrics?: ShimRequestMetrics;
}

function channelCredentials(tls: ChaincodeTlsOptions | undefined): ChannelCredentials {
  if (!tls) return credentials.createInsecure();
  return credentials.createSsl(tls.rootCert, tls.clientKey ?? null, tls.clientCert ?? null);
}

export class ChaincodeConnection {
  private client: ChaincodeClient | undefined;
  private current: ChaincodeHandler | undefined;
  private dialing: Promise<ChaincodeHandler> | undefined;
  private closed = false;

  constructor(
    readonly endpoint: ChaincodeEndpoint,
    private readonly options: ChaincodeConnectionOptions = {},
  ) {}

  /** A registered, ready handler: the current one, or a freshly dialled one if the stream ended. */
  async handler(): Promise<ChaincodeHandler> {
    if (this.closed) throw new ChaincodeStreamError('chaincode connection is closed');
    if (this.current && !this.current.isClosed) return this.current;
    this.dialing ??= this.dial().finally(() => {
      this.dialing = undefined;
    });
    return this.dialing;
  }

  close(): void {
    this.closed = true;
    this.current?.close();
    this.current = undefined;
    this.client?.close();
    this.client = undefined;
  }

  private async dial(): Promise<ChaincodeHandler> {
    const logger = this.options.logger ?? silentLogger;
    this.client?.close();
    const grpcOptions: Record<string, string | number> = {
      'grpc.max_send_message_length': -1,
      'grpc.max_receive_message_length': -1,
    };
    if (this.endpoint.tls?.serverNameOverride) {
      grpcOptions['grpc.ssl_target_name_override'] = this.endpoint.tls.serverNameOverride;
      grpcOptions['grpc.default_authority'] = this.endpoint.tls.serverNameOverride;
    }
    const client = new ChaincodeClient(this.endpoint.address, channelCredentials(this.endpoint.tls), grpcOptions);
    this.client = client;
    const handler = new ChaincodeHandler(client.connect(), {
      expectedChaincodeId: this.options.expectedChaincodeId,
      limits: this.options.limits,
      logger,
      metrics: this.options.metrics,
    });
    const timeoutMs = this.options.registerTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const chaincodeId = await Promise.race([
        handler.ready,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new ChaincodeStreamError(`chaincode at ${this.endpoint.address} did not register within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      logger.info(`chaincode ${chaincodeId} registered over ${this.endpoint.address}`);
    } catch (error) {
      handler.close();
      client.close();
      if (this.client === client) this.client = undefined;
      throw error;
    } finally {
      clearTimeout(timer);
    }
    if (this.closed) {
      handler.close();
      client.close();
      throw new ChaincodeStreamError('chaincode connection is closed');
    }
    this.current = handler;
    return handler;
  }
}
