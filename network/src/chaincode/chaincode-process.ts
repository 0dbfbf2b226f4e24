/**
 * Launches a Node chaincode as a chaincode-as-a-service child process:
 *   node <fabric-shim>/cli.js server --chaincode-address <host:port> --chaincode-id <package ID>
 * with cwd = the chaincode package (fabric-contract-api loads the package.json `main` from there), then
 * waits until the server accepts connections. Peers dial it afterwards, each with its own stream.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ChaincodeLaunchError } from './errors';
import { silentLogger, type ChaincodeLogger } from './logger';

export interface ChaincodeServerTls {
  readonly certFile: string;
  readonly keyFile: string;
  /** When set, the chaincode server requires client certificates signed by this CA. */
  readonly clientCaFile?: string;
}

export interface ChaincodeProcessOptions {
  /** Directory of the chaincode package: its package.json `main` is the contract module. */
  readonly packageDir: string;
  /** Package ID the chaincode registers with (label:hash). */
  readonly chaincodeId: string;
  readonly host?: string;
  /** Port to listen on; a free one is picked when omitted. */
  readonly port?: number;
  /** fabric-shim's cli.js; resolved from the package directory by default. */
  readonly shimCliPath?: string;
  readonly tls?: ChaincodeServerTls;
  /** Extra environment for the chaincode (e.g. CORE_CHAINCODE_LOGGING_LEVEL). */
  readonly env?: Readonly<Record<string, string>>;
  /** Modules node loads before the shim (`--require`), e.g. logLevelGatePreload(). */
  readonly preload?: readonly string[];
  /** How long to wait for the server to accept connections. */
  readonly startTimeoutMs?: number;
  readonly logger?: ChaincodeLogger;
}

const STDERR_TAIL_LINES = 20;

/** A package ID in Fabric's `label:sha256` form, for a chaincode without a package file. */
export function packageIdFor(label: string, contents: string | Uint8Array = label): string {
  return `${label}:${createHash('sha256').update(contents).digest('hex')}`;
}

export function resolveShimCli(packageDir: string): string {
  try {
    return require.resolve('fabric-shim/cli.js', { paths: [packageDir] });
  } catch (error) {
    throw new ChaincodeLaunchError(`fabric-shim is not installed for the chaincode in ${packageDir}`, { cause: error });
  }
}

/** Binds port 0 to learn a free port, then releases it for the chaincode. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class ChaincodeProcess {
  private readonly stderrTail: string[] = [];
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<void>;
  private readonly killOnParentExit = (): void => {
    this.child.kill('SIGKILL');
  };

  private constructor(
    private readonly child: ChildProcess,
    readonly address: string,
    readonly chaincodeId: string,
    private readonly logger: ChaincodeLogger,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        process.removeListener('exit', this.killOnParentExit);
        resolve();
      });
    });
    process.once('exit', this.killOnParentExit);
    this.pipeLines(child.stdout, (line) => this.logger.debug(`[chaincode ${chaincodeId}] ${line}`));
    this.pipeLines(child.stderr, (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > STDERR_TAIL_LINES) this.stderrTail.shift();
      this.logger.warn(`[chaincode ${chaincodeId}] ${line}`);
    });
  }

  /** Starts the chaincode server and resolves once it accepts TCP connections. */
  static async start(options: ChaincodeProcessOptions): Promise<ChaincodeProcess> {
    const logger = options.logger ?? silentLogger;
    if (!existsSync(join(options.packageDir, 'package.json'))) {
      throw new ChaincodeLaunchError(`no package.json in chaincode package directory ${options.packageDir}`);
    }
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? (await freePort(host));
    const address = `${host}:${port}`;
    const cli = options.shimCliPath ?? resolveShimCli(options.packageDir);
    const args = [...(options.preload ?? []).flatMap((module) => ['--require', module]), cli, 'server', '--chaincode-address', address, '--chaincode-id', options.chaincodeId];
    if (options.tls) {
      args.push('--chaincode-tls-cert-file', options.tls.certFile, '--chaincode-tls-key-file', options.tls.keyFile);
      if (options.tls.clientCaFile) args.push('--chaincode-tls-client-cacert-file', options.tls.clientCaFile);
    }
    const child = spawn(process.execPath, args, {
      cwd: options.packageDir,
      env: { ...process.env, CHAINCODE_SERVER_ADDRESS: address, CORE_CHAINCODE_ID_NAME: options.chaincodeId, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const launched = new ChaincodeProcess(child, address, options.chaincodeId, logger);
    try {
      await launched.waitUntilListening(host, port, options.startTimeoutMs ?? 15_000);
    } catch (error) {
      await launched.stop();
      throw error;
    }
    logger.info(`chaincode ${options.chaincodeId} listening on ${address} (pid ${child.pid ?? '?'})`);
    return launched;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get isRunning(): boolean {
    return this.exit === undefined;
  }

  /** The last lines the chaincode wrote to stderr, for error reports. */
  get recentStderr(): readonly string[] {
    return [...this.stderrTail];
  }

  /** SIGTERM, then SIGKILL if the process has not exited within the grace period. */
  async stop(graceMs = 3_000): Promise<void> {
    if (this.exit) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private async waitUntilListening(host: string, port: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt += 1) {
      if (this.exit) {
        throw new ChaincodeLaunchError(
          `chaincode ${this.chaincodeId} exited (code ${String(this.exit.code)}, signal ${String(this.exit.signal)}) before listening: ${this.stderrTail.join('\n')}`,
        );
      }
      if (await canConnect(host, port)) return;
      if (Date.now() > deadline) {
        throw new ChaincodeLaunchError(`chaincode ${this.chaincodeId} did not listen on ${host}:${port} within ${timeoutMs} ms: ${this.stderrTail.join('\n')}`);
      }
      await sleep(Math.min(50 * (attempt + 1), 250));
    }
  }

  private pipeLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
    if (!stream) return;
    createInterface({ input: stream }).on('line', (line) => {
      if (line.trim() !== '') onLine(line);
    });
  }
}
