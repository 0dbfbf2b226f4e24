/**
 * Preloaded into the chaincode process (`node --require`): makes the winston loggers of fabric-shim and
 * fabric-contract-api drop a message below their level before formatting it.
 *
 * Winston formats every message (timestamp, metadata, colours, padding, printf) and only then lets each
 * transport discard those below its level. The shim logs a dozen debug lines per transaction, so at the
 * `warning` level the network gives the chaincode, formatting discarded lines cost ~15% of its CPU. A
 * message no transport would write is now dropped first: what the chaincode writes is unchanged.
 * The shim and contract code are not touched; only winston's Logger.write is wrapped.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

/** Loads modules of the chaincode's runtime by path (they are no dependencies of the network). */
const load = createRequire(__filename);

/** Winston's Logger class as far as the gate uses it. */
interface WinstonLogger {
  isLevelEnabled(level: string): boolean;
  write(chunk: unknown, ...rest: unknown[]): boolean;
}

const LEVEL = Symbol.for('level');
const GATED = Symbol.for('mobility-ledger.log-level-gate');

/** Wraps Logger.prototype.write of the winston Logger module at that path; idempotent. */
export function gateWinstonLogger(loggerModulePath: string): boolean {
  const Logger = load(loggerModulePath) as { prototype: WinstonLogger & { [GATED]?: true } };
  const prototype = Logger.prototype;
  if (prototype[GATED]) return false;
  const write = prototype.write;
  prototype.write = function gatedWrite(this: WinstonLogger, chunk: unknown, ...rest: unknown[]): boolean {
    const level = typeof chunk === 'object' && chunk !== null ? (chunk as Record<symbol, unknown>)[LEVEL] : undefined;
    if (typeof level === 'string' && !this.isLevelEnabled(level)) return true;
    return write.call(this, chunk, ...rest);
  };
  prototype[GATED] = true;
  return true;
}

/** The winston Logger modules the chaincode runtime's packages load (from the chaincode's directory). */
export function runtimeLoggerModules(fromDir: string): string[] {
  const modules = new Set<string>();
  for (const runtime of ['fabric-shim', 'fabric-contract-api']) {
    try {
      const runtimeDir = path.dirname(load.resolve(`${runtime}/package.json`, { paths: [fromDir] }));
      const winstonDir = path.dirname(load.resolve('winston/package.json', { paths: [runtimeDir] }));
      modules.add(path.join(winstonDir, 'lib', 'winston', 'logger.js'));
    } catch {
      // Not installed for this chaincode: nothing to gate.
    }
  }
  return [...modules];
}

/**
 * The module to preload into a chaincode process for the gate, or undefined when this code runs from
 * TypeScript sources (a plain `node --require` could not load it; the gate only saves CPU).
 */
export function logLevelGatePreload(): string | undefined {
  return path.extname(__filename) === '.js' ? path.join(__dirname, 'log-level-gate-preload.js') : undefined;
}
