import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BaseLogger } from 'pino';
import { DeviceAuthError, deviceAuthHook, sendAuthError, type DeviceLookup, type NonceConsumer } from '../auth';
import type { RecipientWaker } from './append-signal';
import type { EventLog } from './event-log';
import type { EventMetrics, StreamKind } from './event-metrics';
import { deviceRecipient, orgRecipient } from './ledger-notices';
import { isBearer, verifyOperatorToken } from './operator-auth';
import { InvalidPositionError, parsePosition, positionKey } from './position';
import type { PrivateItemResolver } from './private-items';
import { ConnectionClosedError, SlowClientError, SseConnection } from './sse-connection';
import { runSubscription } from './subscription';
import { LogClosedError } from './event-log';

export const SUBSCRIBE_ACTION = 'gateway.subscribe';
/** Query parameter carrying the device token for clients that cannot set headers (EventSource). */
export const TOKEN_QUERY_PARAMETER = 'authorization';

export interface EventsRouteOptions {
  readonly path: string;
  readonly log: EventLog;
  readonly waker: RecipientWaker;
  readonly lookup: DeviceLookup;
  /** Used credential nonces: each subscribe credential opens one stream. */
  readonly nonces?: NonceConsumer;
  readonly channel: string;
  readonly orgMspId: string;
  readonly operatorToken?: string;
  readonly privateItems?: PrivateItemResolver;
  readonly metrics: EventMetrics;
  readonly logger: BaseLogger;
  readonly heartbeatMs: number;
  readonly slowClientTimeoutMs: number;
  readonly retryMs: number;
  readonly batchSize: number;
  readonly maxSubscribers: number;
  readonly maxStreamsPerRecipient: number;
  /** Aborted when the service closes: streams end. */
  readonly shutdown: AbortSignal;
  /** Registers a running stream so that close() can wait for it. */
  readonly track: (running: Promise<void>) => void;
}

interface Resume {
  readonly afterKey: string | undefined;
}

function errorBody(code: string, message: string, field: string): { error: { code: string; message: string; field: string } } {
  return { error: { code, message, field } };
}

class BadResumeError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** `Last-Event-ID` (what EventSource sends on reconnect) wins over `?after=`; `after=now` skips the backlog. */
function resumeOf(request: FastifyRequest, log: EventLog): Resume {
  const header = request.headers['last-event-id'];
  const lastEventId = Array.isArray(header) ? header[0] : header;
  const after = (request.query as { after?: unknown } | undefined)?.after;
  const [field, text] = lastEventId?.trim() ? ['Last-Event-ID', lastEventId] : ['after', typeof after === 'string' ? after : undefined];
  if (text === undefined || text === '') return { afterKey: undefined };
  if (field === 'after' && text === 'now') return { afterKey: log.headKey() };
  try {
    return { afterKey: positionKey(parsePosition(text)) };
  } catch (error) {
    if (error instanceof InvalidPositionError) throw new BadResumeError(field, error.message);
    throw error;
  }
}

function headersOf(reply: FastifyReply): Record<string, string | number | string[]> {
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
  return headers;
}

/**
 * `GET /v1/events`: the Server-Sent Events stream of the caller's notices. Devices authenticate with
 * `Authorization: Device …` (action `gateway.subscribe`) and receive the notices addressed to
 * `device:<their address>`; the org app with `Authorization: Bearer <operator token>` receives those
 * addressed to `org:<this gateway's MSP>`. See README.md for the wire protocol.
 */
export function registerEventsRoute(app: FastifyInstance, options: EventsRouteOptions): void {
  const authenticateDevice = deviceAuthHook({
    action: SUBSCRIBE_ACTION,
    lookup: options.lookup,
    ...(options.nonces ? { nonces: options.nonces } : {}),
    channel: options.channel,
    queryParameter: TOKEN_QUERY_PARAMETER,
  });
  const operatorRequests = new WeakSet<FastifyRequest>();
  // Open streams per recipient, oldest first; each can be told to make way for a newer one.
  const open = new Map<string, Set<AbortController>>();
  let total = 0;

  app.route({
    method: 'GET',
    url: options.path,
    schema: {
      summary: 'Stream the notices addressed to the calling device (or org app) as Server-Sent Events',
      description:
        'text/event-stream: id = position (<block>.<event>.<notice>), event = notice type, data = {position, txId, blockNumber, type, data, private?}. ' +
        'Resume with Last-Event-ID or ?after=. Device credential action: gateway.subscribe; org apps: Authorization: Bearer <operator token>.',
      tags: ['events'],
      produces: ['text/event-stream'],
      security: [{ deviceRequest: [] }],
      querystring: {
        type: 'object',
        properties: {
          after: { type: 'string', maxLength: 64, description: 'Resume after this position (`<block>.<event>.<notice>`), or `now`' },
          [TOKEN_QUERY_PARAMETER]: { type: 'string', maxLength: 8192, description: 'Device token when headers cannot be set' },
        },
      },
      headers: {
        type: 'object',
        properties: { 'last-event-id': { type: 'string', maxLength: 64 } },
      },
    },
    preHandler: async function authenticateSubscriber(request, reply) {
      if (isBearer(request.headers.authorization)) {
        try {
          verifyOperatorToken(request.headers.authorization, options.operatorToken);
        } catch (error) {
          if (error instanceof DeviceAuthError) return sendAuthError(reply, error);
          throw error;
        }
        operatorRequests.add(request);
        return;
      }
      return authenticateDevice.call(this, request, reply, () => undefined);
    },
    handler: async function streamEvents(request, reply) {
      const kind: StreamKind = operatorRequests.has(request) ? 'org' : 'device';
      const device = request.device;
      if (kind === 'device' && !device) {
        return reply.code(401).send(errorBody('UNAUTHENTICATED', 'no authenticated device', 'authorization'));
      }
      const recipient = kind === 'org' || !device ? orgRecipient(options.orgMspId) : deviceRecipient(device.address);
      let resume: Resume;
      try {
        resume = resumeOf(request, options.log);
      } catch (error) {
        if (error instanceof BadResumeError) return reply.code(400).send(errorBody('INVALID_ARGUMENT', error.message, error.field));
        throw error;
      }
      if (options.shutdown.aborted) return reply.code(503).send(errorBody('UNAVAILABLE', 'the gateway is shutting down', 'events'));
      const streamsOfRecipient = open.get(recipient) ?? new Set<AbortController>();
      // A device whose old connection died unnoticed (mobile network switch) must still get in: the
      // newest streams win, the oldest one beyond the limit is ended (`gateway.end` replaced).
      const live = [...streamsOfRecipient].filter((stream) => !stream.signal.aborted);
      const oldest = live.length >= options.maxStreamsPerRecipient ? live[0] : undefined;
      if (!oldest && total >= options.maxSubscribers) {
        return reply.code(429).send(errorBody('RESOURCE_EXHAUSTED', 'too many open event streams', 'events'));
      }
      oldest?.abort();

      const replaced = new AbortController();
      streamsOfRecipient.add(replaced);
      open.set(recipient, streamsOfRecipient);
      total += 1;
      options.metrics.subscriberOpened(kind);
      reply.hijack();
      const connection = new SseConnection(reply.raw, options.slowClientTimeoutMs);
      connection.start(headersOf(reply), options.retryMs);
      const running = runSubscription({
        log: options.log,
        waker: options.waker,
        connection,
        logger: options.logger,
        recipient,
        kind,
        afterKey: resume.afterKey,
        heartbeatMs: options.heartbeatMs,
        batchSize: options.batchSize,
        ...(kind === 'device' && options.privateItems ? { privateItems: options.privateItems } : {}),
        onDelivered: () => options.metrics.delivered(kind),
        shutdown: options.shutdown,
        replaced: replaced.signal,
      })
        .catch((error: unknown) => {
          if (error instanceof SlowClientError) {
            options.metrics.slowClientCut();
            request.log.info({ recipient }, error.message);
          } else if (!(error instanceof ConnectionClosedError) && !(error instanceof LogClosedError)) {
            request.log.error({ err: error, recipient }, 'event stream failed');
          }
          connection.end();
        })
        .then(() => connection.whenClosed(1_000))
        .finally(() => {
          total -= 1;
          streamsOfRecipient.delete(replaced);
          if (streamsOfRecipient.size === 0 && open.get(recipient) === streamsOfRecipient) open.delete(recipient);
          options.metrics.subscriberClosed(kind);
        });
      options.track(running);
    },
  });
}
