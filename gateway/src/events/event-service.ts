import type { Network } from '@hyperledger/fabric-gateway';
import type { FastifyInstance } from 'fastify';
import path from 'node:path';
import type { BaseLogger } from 'pino';
import type { Registry } from 'prom-client';
import { CREDENTIAL_NONCES_DIRECTORY, CredentialNonceStore, type DeviceLookup, type NonceConsumer } from '../auth';
import { RecipientWaker } from './append-signal';
import { ChaincodeEventFeed } from './chaincode-event-feed';
import { EventLog } from './event-log';
import { createEventMetrics } from './event-metrics';
import { registerEventsRoute } from './events-route';
import { RidesharePrivateItems, type PrivateItemResolver } from './private-items';

export const EVENTS_PATH = '/v1/events';
export const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const OPERATOR_MSP = 'MobilityMSP';

export interface EventServiceOptions {
  readonly network: Network;
  readonly chaincodeName: string;
  /** The gateway's data dir; the log lives in `<dataDir>/events`. */
  readonly dataDir: string;
  readonly logger: BaseLogger;
  readonly lookup: DeviceLookup;
  /**
   * The gateway's used nonces (the server passes its store, shared with the dashboard and signed
   * reads); when omitted the service keeps its own in `<dataDir>/credential-nonces`.
   */
  readonly nonces?: NonceConsumer;
  readonly orgMspId: string;
  /** Channel devices name in their credential; the network's channel by default. */
  readonly channel?: string;
  /** Block a new (empty) log starts from; 0 (the whole chain) by default. */
  readonly startBlock?: bigint;
  /** Enables the `org:<orgMspId>` stream for `Authorization: Bearer <operatorToken>`. */
  readonly operatorToken?: string;
  /** prom-client registry for the counters; prom-client's default registry when omitted. */
  readonly registry?: Registry;
  /**
   * Resolver of private items named by notices. Default: ride-share items on a MobilityMSP gateway
   * (the only member of operatorPrivate), none elsewhere. `false` disables.
   */
  readonly privateItems?: PrivateItemResolver | false;
  /** Notices older than this are pruned (default 7 days); `0` keeps everything. */
  readonly retentionMs?: number;
  readonly pruneIntervalMs?: number;
  readonly heartbeatMs?: number;
  readonly slowClientTimeoutMs?: number;
  /** SSE `retry:` advice to clients, ms. */
  readonly retryMs?: number;
  readonly maxSubscribers?: number;
  readonly maxStreamsPerRecipient?: number;
  readonly path?: string;
}

export interface EventServiceStatus {
  readonly feedConnected: boolean;
  readonly checkpoint?: { readonly blockNumber: string; readonly transactionId: string };
  readonly subscribers: number;
}

export interface EventService {
  register(app: FastifyInstance): void;
  close(): Promise<void>;
  /** For health checks: is the Fabric stream up, how far the log is, how many streams are open. */
  status(): EventServiceStatus;
}

/**
 * Composition of the event service: the durable log in the data dir, the one Fabric chaincode-event
 * stream that feeds it, and the SSE route that serves it to devices and the org app.
 */
export async function createEventService(options: EventServiceOptions): Promise<EventService> {
  const log = await EventLog.open(path.join(options.dataDir, 'events'));
  // Subscribe credentials are single-use: a captured header cannot open a second stream.
  const ownNonces = options.nonces ? undefined : new CredentialNonceStore(path.join(options.dataDir, CREDENTIAL_NONCES_DIRECTORY));
  const nonces = options.nonces ?? ownNonces;
  const logger = options.logger;
  const metrics = createEventMetrics(options.orgMspId, options.registry);
  const waker = new RecipientWaker();
  if (log.checkpoint) metrics.checkpoint(log.checkpoint.blockNumber);
  log.onAppend((notices) => {
    for (const notice of notices) {
      metrics.appended(notice.type);
      // The registry changed for this device: authenticate it afresh next time.
      if (notice.type.startsWith('devices.') && typeof notice.data.address === 'string') options.lookup.invalidate?.(notice.data.address);
      waker.wake(notice.to);
    }
  });
  const feed = new ChaincodeEventFeed({
    network: options.network,
    chaincodeName: options.chaincodeName,
    log,
    logger,
    ...(options.startBlock !== undefined ? { startBlock: options.startBlock } : {}),
    onAppend: (event) => metrics.checkpoint(event.blockNumber),
    onError: () => metrics.feedError(),
  });

  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  let pruning: Promise<void> | undefined;
  const prune = (): Promise<void> => {
    return (pruning ??= log
      .prune(Date.now() - retentionMs)
      .then((removed) => {
        if (removed > 0) logger.info({ removed }, 'pruned notices past retention');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'pruning the event log failed'))
      .finally(() => {
        pruning = undefined;
      }));
  };
  const pruner = retentionMs > 0 ? setInterval(() => void prune(), options.pruneIntervalMs ?? 60 * 60 * 1000) : undefined;
  pruner?.unref();
  // Before serving: a resume position older than the retention must see the gap.
  if (retentionMs > 0) await prune();
  feed.start();

  const privateItems =
    options.privateItems === false
      ? undefined
      : (options.privateItems ?? (options.orgMspId === OPERATOR_MSP ? new RidesharePrivateItems(options.network.getContract(options.chaincodeName), logger) : undefined));
  const shutdown = new AbortController();
  const streams = new Set<Promise<void>>();
  let closing: Promise<void> | undefined;

  const endStreams = async (): Promise<void> => {
    shutdown.abort();
    await Promise.allSettled([...streams]);
  };

  return {
    register(app) {
      registerEventsRoute(app, {
        path: options.path ?? EVENTS_PATH,
        log,
        waker,
        lookup: options.lookup,
        ...(nonces ? { nonces } : {}),
        channel: options.channel ?? options.network.getName(),
        orgMspId: options.orgMspId,
        ...(options.operatorToken ? { operatorToken: options.operatorToken } : {}),
        ...(privateItems ? { privateItems } : {}),
        metrics,
        logger,
        heartbeatMs: options.heartbeatMs ?? 15_000,
        slowClientTimeoutMs: options.slowClientTimeoutMs ?? 30_000,
        retryMs: options.retryMs ?? 2_000,
        batchSize: 100,
        maxSubscribers: options.maxSubscribers ?? 10_000,
        maxStreamsPerRecipient: options.maxStreamsPerRecipient ?? 4,
        shutdown: shutdown.signal,
        track: (running) => {
          streams.add(running);
          void running.finally(() => streams.delete(running));
        },
      });
      // Open streams would keep the HTTP server from closing.
      app.addHook('preClose', endStreams);
    },
    status() {
      const checkpoint = log.checkpoint;
      return {
        feedConnected: feed.isConnected,
        ...(checkpoint ? { checkpoint: { blockNumber: checkpoint.blockNumber.toString(), transactionId: checkpoint.transactionId } } : {}),
        subscribers: streams.size,
      };
    },
    close() {
      closing ??= (async () => {
        if (pruner) clearInterval(pruner);
        await feed.close();
        await pruning;
        await endStreams();
        await log.close();
        await ownNonces?.close();
      })();
      return closing;
    },
  };
}
