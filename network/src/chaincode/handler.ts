/**
 * The peer side of one chaincode stream (Fabric's core/chaincode/handler.go). The chaincode registers
 * (REGISTER -> REGISTERED, READY), then the peer sends TRANSACTION/INIT messages and serves the
 * chaincode's ledger requests for each transaction until COMPLETED or ERROR. Many transactions share the
 * stream; they are told apart by channel ID + transaction ID.
 */
import { peer } from '@hyperledger/fabric-protos';
import { performance } from 'node:perf_hooks';
import { ChaincodeStreamError, ChaincodeSupportError, ChaincodeTimeoutError, FabricMessages } from './errors';
import { silentLogger, type ChaincodeLogger } from './logger';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-response-builder';
import { defaultRequestEnvironment, requestDelegates, type RequestDelegate, type RequestEnvironment } from './shim-requests';
import { noShimRequestMetrics, type ShimRequestMetrics } from './shim-request-metrics';
import { contextId, TransactionContext, type TransactionParams } from './transaction-context';

const Type = peer.ChaincodeMessage.Type;
type Message = peer.ChaincodeMessage;

/** The bidi stream of `protos.Chaincode/Connect` (a grpc-js ClientDuplexStream fits). */
export interface ChaincodeStream {
  write(message: Message): unknown;
  end(): void;
  on(event: 'data', listener: (message: Message) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface ChaincodeHandlerOptions {
  /** When set, a chaincode registering under another ID is refused (Fabric tracks handlers by package ID). */
  readonly expectedChaincodeId?: string;
  readonly limits?: QueryLimits;
  readonly logger?: ChaincodeLogger;
  readonly requestEnvironment?: RequestEnvironment;
  readonly metrics?: ShimRequestMetrics;
}

export interface ExecuteRequest {
  readonly type: 'TRANSACTION' | 'INIT';
  readonly input: peer.ChaincodeInput;
  readonly params: TransactionParams;
  readonly timeoutMs: number;
}

type HandlerState = 'created' | 'established' | 'ready' | 'closed';

const TYPE_NAMES = new Map<number, string>(Object.entries(Type).map(([name, value]) => [value, name]));

export function messageTypeName(type: number): string {
  return TYPE_NAMES.get(type) ?? String(type);
}

function shortTxId(txId: string): string {
  return txId.slice(0, 8);
}

export class ChaincodeHandler {
  /** Resolves with the registered chaincode ID once READY was sent; rejects if registration fails. */
  readonly ready: Promise<string>;
  private state: HandlerState = 'created';
  private registeredId: string | undefined;
  private resolveReady!: (chaincodeId: string) => void;
  private rejectReady!: (error: Error) => void;
  private readonly closed: Promise<ChaincodeStreamError>;
  private resolveClosed!: (error: ChaincodeStreamError) => void;
  private readonly contexts = new Map<string, TransactionContext>();
  private readonly activeRequests = new Set<string>();
  private readonly logger: ChaincodeLogger;
  private readonly env: RequestEnvironment;
  private readonly metrics: ShimRequestMetrics;

  constructor(
    private readonly stream: ChaincodeStream,
    private readonly options: ChaincodeHandlerOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
    this.metrics = options.metrics ?? noShimRequestMetrics;
    this.env = options.requestEnvironment ?? defaultRequestEnvironment(options.limits ?? DEFAULT_QUERY_LIMITS);
    this.ready = new Promise<string>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => undefined);
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    stream.on('data', (message) => this.onMessage(message));
    stream.on('error', (error) => this.terminate(new ChaincodeStreamError(`${FabricMessages.streamTerminated}: ${error.message}`)));
    stream.on('end', () => this.terminate(new ChaincodeStreamError(FabricMessages.streamTerminated)));
    stream.on('close', () => this.terminate(new ChaincodeStreamError(FabricMessages.streamTerminated)));
  }

  get chaincodeId(): string | undefined {
    return this.registeredId;
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  /** Transactions currently executing on this stream. */
  get inFlight(): number {
    return this.contexts.size;
  }

  /** Sends the transaction to the chaincode and waits for COMPLETED or ERROR (Handler.Execute). */
  async execute(request: ExecuteRequest): Promise<Message> {
    if (this.state !== 'ready') throw new ChaincodeStreamError(this.state === 'closed' ? FabricMessages.streamTerminated : 'chaincode is not ready');
    const { channelId, txId, signedProposal } = request.params;
    const key = contextId(channelId, txId);
    if (this.contexts.has(key)) throw new ChaincodeSupportError(`txid: ${txId}(${channelId}) exists`);
    const context = new TransactionContext(request.params, request.type === 'INIT');
    this.contexts.set(key, context);

    const message = new peer.ChaincodeMessage();
    message.setType(request.type === 'INIT' ? Type.INIT : Type.TRANSACTION);
    message.setPayload(request.input.serializeBinary());
    message.setTxid(txId);
    message.setChannelId(channelId);
    if (signedProposal) message.setProposal(signedProposal);

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ChaincodeTimeoutError(FabricMessages.executionTimeout)), request.timeoutMs);
    });
    try {
      this.send(message);
      return await Promise.race([
        context.response,
        timeout,
        this.closed.then((error) => Promise.reject(error)),
      ]);
    } finally {
      clearTimeout(timer);
      this.contexts.delete(key);
      await context.queries.closeAll();
    }
  }

  /** Ends the stream; transactions still waiting fail with "chaincode stream terminated". */
  close(): void {
    this.terminate(new ChaincodeStreamError(FabricMessages.streamTerminated));
  }

  private onMessage(message: Message): void {
    const type = message.getType();
    if (type === Type.KEEPALIVE) return;
    try {
      if (this.state === 'created') this.onCreatedState(message);
      else if (this.state === 'ready') this.onReadyState(message);
      else if (this.state !== 'closed') throw new Error(`handle message: invalid state ${this.state} for transaction ${message.getTxid()}`);
    } catch (error) {
      // As in Fabric, a message the protocol does not allow ends the stream.
      this.logger.error(`[${shortTxId(message.getTxid())}] error handling message, ending stream: ${(error as Error).message}`);
      this.terminate(new ChaincodeStreamError(`${FabricMessages.streamTerminated}: ${(error as Error).message}`));
    }
  }

  private onCreatedState(message: Message): void {
    if (message.getType() !== Type.REGISTER) {
      throw new Error(`[${message.getTxid()}] Fabric side handler cannot handle message (${messageTypeName(message.getType())}) while in created state`);
    }
    this.handleRegister(message);
  }

  private onReadyState(message: Message): void {
    const type = message.getType();
    if (type === Type.COMPLETED || type === Type.ERROR) {
      this.notify(message);
      return;
    }
    const delegate = requestDelegates.get(type);
    if (!delegate) {
      throw new Error(`[${message.getTxid()}] Fabric side handler cannot handle message (${messageTypeName(type)}) while in ready state`);
    }
    void this.handleRequest(message, delegate);
  }

  private handleRegister(message: Message): void {
    const chaincodeId = peer.ChaincodeID.deserializeBinary(message.getPayload_asU8()).getName();
    if (!chaincodeId) {
      this.failRegistration('error in handling register chaincode, chaincodeID name is empty');
      return;
    }
    const expected = this.options.expectedChaincodeId;
    if (expected !== undefined && chaincodeId !== expected) {
      this.failRegistration(`chaincode registered as '${chaincodeId}' but '${expected}' was launched`);
      return;
    }
    this.registeredId = chaincodeId;
    const registered = new peer.ChaincodeMessage();
    registered.setType(Type.REGISTERED);
    this.send(registered);
    this.state = 'established';
    // Fabric 2.5 sends READY without a payload (no write batching).
    const ready = new peer.ChaincodeMessage();
    ready.setType(Type.READY);
    this.send(ready);
    this.state = 'ready';
    this.resolveReady(chaincodeId);
  }

  private failRegistration(reason: string): void {
    this.logger.error(`failed to register chaincode: ${reason}`);
    this.terminate(new ChaincodeStreamError(reason));
  }

  /** COMPLETED/ERROR for a transaction no longer waited for (e.g. timed out) is dropped, as in Fabric. */
  private notify(message: Message): void {
    const context = this.contexts.get(contextId(message.getChannelId(), message.getTxid()));
    if (!context) {
      this.logger.debug(`notifier Txid:${message.getTxid()}, channelID:${message.getChannelId()} does not exist`);
      return;
    }
    context.notify(message);
  }

  /** HandleTransaction: one request per transaction at a time, errors answered with ERROR. */
  private async handleRequest(message: Message, delegate: RequestDelegate): Promise<void> {
    const startedMs = performance.now();
    const key = contextId(message.getChannelId(), message.getTxid());
    if (this.activeRequests.has(key)) {
      this.logger.error(`[${shortTxId(message.getTxid())}] Another request pending for this CC: ${this.registeredId ?? ''}, Txid: ${message.getTxid()}, ChannelID: ${message.getChannelId()}. Cannot process.`);
      return;
    }
    this.activeRequests.add(key);
    const labels = { type: messageTypeName(message.getType()), channel: message.getChannelId(), chaincode: this.registeredId ?? '' };
    this.metrics.requestReceived(labels);
    let response: Message;
    try {
      const context = this.contexts.get(key);
      if (!context) throw new Error(FabricMessages.noLedgerContext);
      response = await delegate(message, context, this.env);
    } catch (error) {
      const text = `${labels.type} failed: transaction ID: ${message.getTxid()}: ${(error as Error).message}`;
      this.logger.debug(`[${shortTxId(message.getTxid())}] ${text}`);
      response = new peer.ChaincodeMessage();
      response.setType(Type.ERROR);
      response.setPayload(Buffer.from(text));
      response.setTxid(message.getTxid());
      response.setChannelId(message.getChannelId());
    } finally {
      this.activeRequests.delete(key);
    }
    this.send(response);
    this.metrics.requestCompleted(labels, response.getType() !== Type.ERROR, (performance.now() - startedMs) / 1000);
  }

  private send(message: Message): void {
    if (this.state === 'closed') return;
    try {
      this.stream.write(message);
    } catch (error) {
      this.terminate(new ChaincodeStreamError(`${FabricMessages.streamTerminated}: ${(error as Error).message}`));
    }
  }

  private terminate(reason: ChaincodeStreamError): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.rejectReady(reason);
    this.resolveClosed(reason);
    try {
      this.stream.end();
    } catch {
      // The stream is already gone.
    }
  }
}
