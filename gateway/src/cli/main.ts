#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import path from 'node:path';
import pino from 'pino';
import { DEFAULT_HTTP_PORTS, type PartialGatewayConfig } from '../config/gateway-config';
import { loadConfig } from '../config/load-config';
import { configFromNetworkDataDir } from '../config/network-config';
import { createGatewayServer } from '../server';
import { startDevStack } from '../stack/dev-stack';

/** The repository's .ledger, where `npm start` keeps the dev network (as the network CLI does). */
const DEFAULT_STACK_DIR = path.resolve(__dirname, '..', '..', '..', '.ledger');

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return parsed;
}

/** Ends the process cleanly on SIGINT/SIGTERM; a second signal exits at once. */
function onShutdownSignal(stop: () => Promise<void>, logger: pino.Logger): void {
  let stopping = false;
  const handler = (signal: string): void => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}

const program = new Command()
  .name('mobility-gateway')
  .description('Mobility Ledger device gateway: HTTP API over the Fabric Gateway for one consortium org');

program
  .command('start')
  .description('run one org’s gateway, configured by a JSON file and GATEWAY_* variables, or from an embedded network’s data dir')
  .requiredOption('--org <mspId>', 'the org this gateway submits for (OemMSP, MobilityMSP, AuditMSP)')
  .option('--config <file>', 'JSON config file (see gateway/src/config/gateway-config.ts); GATEWAY_CONFIG also works')
  .option('--network-data-dir <dir>', 'take peer, TLS and User1 identity from an embedded network’s data dir')
  .option('--port-offset <n>', 'added to the org’s default HTTP port (3001–3003)', integer, 0)
  .option('--port <port>', 'HTTP port (overrides the default and the offset)', integer)
  .option('--host <host>', 'HTTP host to bind')
  .option('--log-level <level>', 'pino log level')
  .action(async (options: { org: string; config?: string; networkDataDir?: string; portOffset: number; port?: number; host?: string; logLevel?: string }) => {
    const defaultPort = DEFAULT_HTTP_PORTS[options.org];
    const overrides: PartialGatewayConfig = {
      mspId: options.org,
      ...(options.logLevel ? { logLevel: options.logLevel as never } : {}),
      http: {
        ...(options.host ? { host: options.host } : {}),
        ...(options.port !== undefined ? { port: options.port } : options.portOffset && defaultPort !== undefined ? { port: defaultPort + options.portOffset } : {}),
      },
    };
    const base = options.networkDataDir ? configFromNetworkDataDir({ dataDir: options.networkDataDir, mspId: options.org, portOffset: options.portOffset }) : undefined;
    const config = loadConfig({ ...(options.config ? { file: options.config } : {}), ...(base ? { base } : {}), overrides });
    const logger = pino({ level: config.logLevel, base: { service: 'mobility-gateway', org: config.mspId } });
    const server = await createGatewayServer({ config, logger, ...(process.env.GATEWAY_OPERATOR_TOKEN ? { operatorToken: process.env.GATEWAY_OPERATOR_TOKEN } : {}) });
    onShutdownSignal(() => server.close(), logger);
    const url = await server.listen();
    process.stdout.write(`${JSON.stringify({ event: 'ready', org: config.mspId, url, docs: `${url}/docs`, openapi: `${url}/openapi.json` })}\n`);
  });

program
  .command('stack')
  .description('the dev stack: the embedded network (child process) and one gateway per org; Ctrl-C stops everything')
  .option('--data-dir <dir>', 'the network’s data dir', DEFAULT_STACK_DIR)
  .option('--port-offset <n>', 'added to every network port and to the gateway ports 3001–3003', integer, 0)
  .option('--batch-timeout <ms>', 'orderer batch timeout', integer)
  .option('--log-level <level>', 'gateway log level', process.env.LOG_LEVEL ?? 'info')
  .option('--network-log-level <level>', 'embedded network log level', 'warn')
  .action(async (options: { dataDir: string; portOffset: number; batchTimeout?: number; logLevel: string; networkLogLevel: string }) => {
    const logger = pino({ level: options.logLevel, base: { service: 'mobility-gateway' } });
    const stack = await startDevStack({
      dataDir: options.dataDir,
      portOffset: options.portOffset,
      ...(options.batchTimeout !== undefined ? { batchTimeoutMs: options.batchTimeout } : {}),
      networkLogLevel: options.networkLogLevel,
      echoNetworkLog: true,
      // A ready-made auditor key lets a developer log in to the dashboard; never in production.
      demoAuditor: process.env.NODE_ENV !== 'production',
      logger,
    });
    onShutdownSignal(() => stack.stop(), logger);
    const gateways = stack.gateways.map(({ mspId, url, docsUrl }) => ({ mspId, url, docs: docsUrl, openapi: `${url}/openapi.json` }));
    process.stdout.write(`${JSON.stringify({ event: 'ready', dataDir: stack.network.ready.dataDir, peers: stack.network.ready.peers, gateways })}\n`);
    const lines = [
      '',
      `Mobility Ledger dev stack is up (data: ${stack.network.ready.dataDir})`,
      ...stack.network.ready.peers.map((peer) => `  peer    ${peer.mspId.padEnd(12)} ${peer.endpoint}  (operations http://localhost:${peer.operationsPort})`),
      ...gateways.map((gateway) => `  gateway ${gateway.mspId.padEnd(12)} ${gateway.url}  API docs ${gateway.docs}`),
      ...stack.gateways.filter((gateway) => gateway.dashboardUrl).map((gateway) => `  dashboard ${gateway.dashboardUrl}  (auditor devices only)`),
      ...(stack.demoAuditor ? [`  demo auditor key (dev only): ${stack.demoAuditor.keyFile}`] : []),
      'Press Ctrl-C to stop.',
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
