import { Value } from '@sinclair/typebox/value';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CONFIG_DEFAULTS,
  ConfigError,
  DEFAULT_HTTP_PORTS,
  GatewayConfigSchema,
  type GatewayConfig,
  type PartialGatewayConfig,
} from './gateway-config';

type Env = Readonly<Record<string, string | undefined>>;

/** Environment variables, each setting one config path. GATEWAY_CONFIG names a JSON file. */
export const ENV_VARIABLES: Readonly<Record<string, { path: readonly string[]; integer?: true; list?: true }>> = {
  GATEWAY_MSP_ID: { path: ['mspId'] },
  GATEWAY_PEER_ENDPOINT: { path: ['peer', 'endpoint'] },
  GATEWAY_TLS_ROOT_CERT: { path: ['peer', 'tlsRootCertPath'] },
  GATEWAY_PEER_HOST_ALIAS: { path: ['peer', 'hostAlias'] },
  GATEWAY_CERT: { path: ['identity', 'certPath'] },
  GATEWAY_KEY: { path: ['identity', 'keyPath'] },
  GATEWAY_CHANNEL: { path: ['channel'] },
  GATEWAY_CHAINCODE: { path: ['chaincode'] },
  GATEWAY_HTTP_HOST: { path: ['http', 'host'] },
  GATEWAY_HTTP_PORT: { path: ['http', 'port'], integer: true },
  GATEWAY_BODY_LIMIT_BYTES: { path: ['http', 'bodyLimitBytes'], integer: true },
  GATEWAY_CORS_ORIGINS: { path: ['corsOrigins'], list: true },
  GATEWAY_DATA_DIR: { path: ['dataDir'] },
  GATEWAY_EVALUATE_TIMEOUT_MS: { path: ['timeouts', 'evaluateMs'], integer: true },
  GATEWAY_ENDORSE_TIMEOUT_MS: { path: ['timeouts', 'endorseMs'], integer: true },
  GATEWAY_SUBMIT_TIMEOUT_MS: { path: ['timeouts', 'submitMs'], integer: true },
  GATEWAY_COMMIT_STATUS_TIMEOUT_MS: { path: ['timeouts', 'commitStatusMs'], integer: true },
  GATEWAY_MVCC_RETRIES: { path: ['retry', 'mvccRetries'], integer: true },
  GATEWAY_RETRY_BASE_DELAY_MS: { path: ['retry', 'baseDelayMs'], integer: true },
  GATEWAY_RETRY_MAX_DELAY_MS: { path: ['retry', 'maxDelayMs'], integer: true },
  GATEWAY_LOG_LEVEL: { path: ['logLevel'] },
  GATEWAY_SHUTDOWN_GRACE_MS: { path: ['shutdownGraceMs'], integer: true },
};

const PATH_FIELDS: readonly (readonly string[])[] = [
  ['peer', 'tlsRootCertPath'],
  ['identity', 'certPath'],
  ['identity', 'keyPath'],
  ['dataDir'],
];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Later layers win; nested objects merge. */
export function mergeConfig(...layers: readonly unknown[]): PartialGatewayConfig {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!isObject(layer)) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const current = merged[key];
      merged[key] = isObject(value) && isObject(current) ? mergeConfig(current, value) : value;
    }
  }
  return merged as PartialGatewayConfig;
}

function setPath(target: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

/** The config layer the GATEWAY_* environment variables describe. */
export function configFromEnv(env: Env): PartialGatewayConfig {
  const layer: Record<string, unknown> = {};
  for (const [name, { path: keys, integer, list }] of Object.entries(ENV_VARIABLES)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (list) {
      // Comma-separated; blanks around the commas and empty items are ignored.
      setPath(layer, keys, raw.split(',').map((item) => item.trim()).filter((item) => item !== ''));
      continue;
    }
    const value = integer ? Number(raw) : raw;
    if (integer && !Number.isSafeInteger(value)) throw new ConfigError(`${name}: must be an integer, not ${JSON.stringify(raw)}`);
    setPath(layer, keys, value);
  }
  return layer as PartialGatewayConfig;
}

/** A JSON config file; relative paths in it are relative to the file. */
export function configFromFile(file: string): PartialGatewayConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`config file ${file}: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new ConfigError(`config file ${file}: must hold a JSON object`);
  return resolvePaths(parsed as PartialGatewayConfig, path.dirname(path.resolve(file)));
}

export function resolvePaths(config: PartialGatewayConfig, baseDir: string): PartialGatewayConfig {
  const copy = structuredClone(config) as Record<string, unknown>;
  for (const keys of PATH_FIELDS) {
    let node: unknown = copy;
    for (const key of keys.slice(0, -1)) node = isObject(node) ? node[key] : undefined;
    const last = keys[keys.length - 1] as string;
    if (isObject(node) && typeof node[last] === 'string') node[last] = path.resolve(baseDir, node[last]);
  }
  return copy as PartialGatewayConfig;
}

/** Fills defaults (the org's default HTTP port too) and validates; errors name the config field. */
export function completeConfig(partial: PartialGatewayConfig): GatewayConfig {
  const port = partial.mspId ? DEFAULT_HTTP_PORTS[partial.mspId] : undefined;
  const candidate = mergeConfig(CONFIG_DEFAULTS, port === undefined ? {} : { http: { port } }, partial);
  if (Value.Check(GatewayConfigSchema, candidate)) return candidate;
  const first = Value.Errors(GatewayConfigSchema, candidate).First();
  const field = first ? first.path.slice(1).replace(/\//g, '.') || 'config' : 'config';
  throw new ConfigError(`gateway config ${field}: ${first?.message.toLowerCase() ?? 'is invalid'}`);
}

export interface LoadConfigOptions {
  /** A JSON config file (else GATEWAY_CONFIG). */
  readonly file?: string;
  readonly env?: Env;
  /** Highest precedence, e.g. CLI flags. */
  readonly overrides?: PartialGatewayConfig;
  /** The layer below the file: e.g. built from the embedded network's data dir. */
  readonly base?: PartialGatewayConfig;
}

/** defaults < base < file < environment < overrides. */
export function loadConfig(options: LoadConfigOptions = {}): GatewayConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? env.GATEWAY_CONFIG;
  return completeConfig(mergeConfig(options.base, file ? configFromFile(file) : {}, configFromEnv(env), options.overrides));
}
