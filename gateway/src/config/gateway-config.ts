import { Type, type Static } from '@sinclair/typebox';

const Port = Type.Integer({ minimum: 0, maximum: 65_535 });
const Ms = Type.Integer({ minimum: 1, maximum: 3_600_000 });
/** An origin exactly as browsers send it: scheme://host[:port], no path, no trailing slash, never `*`. */
export const ORIGIN_PATTERN = '^https?://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$';

/**
 * Everything one gateway process needs: its org's Fabric identity and peer, the channel and
 * chaincode, its HTTP listener, a data directory, per-phase timeouts and retry limits. Nothing here
 * is specific to the embedded network: a real Fabric 2.5 peer is configured the same way.
 */
export const GatewayConfigSchema = Type.Object(
  {
    mspId: Type.String({ minLength: 1, description: 'The org this gateway submits for (its identity’s MSP ID)' }),
    peer: Type.Object(
      {
        endpoint: Type.String({ pattern: '^[^\\s:/]+:[0-9]{1,5}$', description: 'host:port of the org’s peer gateway service' }),
        tlsRootCertPath: Type.String({ minLength: 1, description: 'PEM file of the CA that issued the peer’s TLS certificate' }),
        hostAlias: Type.Optional(Type.String({ minLength: 1, description: 'TLS server name to expect when it differs from the endpoint host (grpc.ssl_target_name_override)' })),
      },
      { additionalProperties: false },
    ),
    identity: Type.Object(
      {
        certPath: Type.String({ minLength: 1, description: 'PEM certificate of the client identity' }),
        keyPath: Type.String({ minLength: 1, description: 'PEM private key file, or a keystore directory holding one' }),
      },
      { additionalProperties: false },
    ),
    channel: Type.String({ minLength: 1 }),
    chaincode: Type.String({ minLength: 1 }),
    http: Type.Object(
      {
        host: Type.String({ minLength: 1 }),
        port: Port,
        bodyLimitBytes: Type.Integer({ minimum: 1024, maximum: 256 * 1024 * 1024 }),
      },
      { additionalProperties: false },
    ),
    corsOrigins: Type.Array(Type.String({ pattern: ORIGIN_PATTERN }), {
      maxItems: 100,
      description:
        'Browser origins (exact, e.g. https://app.example) allowed to call the API cross-origin (CORS); none = same-origin only. ' +
        'The auditor dashboard (/dashboard, /v1/auditor) stays same-origin only.',
    }),
    dataDir: Type.String({ minLength: 1, description: 'Where the gateway keeps its own state (event log, checkpoints)' }),
    timeouts: Type.Object(
      { evaluateMs: Ms, endorseMs: Ms, submitMs: Ms, commitStatusMs: Ms },
      { additionalProperties: false },
    ),
    retry: Type.Object(
      {
        mvccRetries: Type.Integer({ minimum: 0, maximum: 20, description: 'Resubmissions after an MVCC or phantom read conflict' }),
        baseDelayMs: Type.Integer({ minimum: 0, maximum: 60_000 }),
        maxDelayMs: Type.Integer({ minimum: 0, maximum: 60_000 }),
      },
      { additionalProperties: false },
    ),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level))),
    shutdownGraceMs: Type.Integer({ minimum: 0, maximum: 600_000, description: 'How long in-flight requests may finish on shutdown' }),
  },
  { additionalProperties: false },
);

export type GatewayConfig = Static<typeof GatewayConfigSchema>;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type PartialGatewayConfig = DeepPartial<GatewayConfig>;

/** Default HTTP port of each org's gateway (add the port offset). */
export const DEFAULT_HTTP_PORTS: Readonly<Record<string, number>> = { OemMSP: 3001, MobilityMSP: 3002, AuditMSP: 3003 };

/** Defaults for everything that has a sensible one. */
export const CONFIG_DEFAULTS = {
  channel: 'mobility',
  chaincode: 'mobility',
  http: { host: '127.0.0.1', bodyLimitBytes: 8 * 1024 * 1024 },
  corsOrigins: [],
  timeouts: { evaluateMs: 10_000, endorseMs: 20_000, submitMs: 10_000, commitStatusMs: 60_000 },
  retry: { mvccRetries: 3, baseDelayMs: 50, maxDelayMs: 1_000 },
  logLevel: 'info',
  shutdownGraceMs: 10_000,
} as const satisfies PartialGatewayConfig;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
