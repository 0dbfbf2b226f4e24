#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { rmSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { EmbeddedNetwork } from '../node/embedded-network';
import { fabricCommand } from './fabric-command';

const DEFAULT_DATA_DIR = path.resolve(__dirname, '..', '..', '..', '.ledger');

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return parsed;
}

const program = new Command()
  .name('mobility-network')
  .description('The Mobility Ledger embedded Fabric 2.5 network: peers of OemMSP, MobilityMSP, AuditMSP and an orderer in one process');

program
  .command('start')
  .description('start the network (creating crypto material and the channel on first start), deploy the chaincode, serve clients')
  .option('--data-dir <dir>', 'where crypto material, ledgers and connection profiles live', DEFAULT_DATA_DIR)
  .option('--port-offset <n>', 'added to every default port (7051, 9051, 11051, 9443…)', integer, 0)
  .option('--batch-timeout <ms>', 'orderer batch timeout (Fabric default 2000 ms)', integer)
  .option('--max-message-count <n>', 'orderer batch size (Fabric default 500)', integer)
  .option('--log-level <level>', 'pino log level', process.env.LOG_LEVEL ?? 'info')
  .action(async (options: { dataDir: string; portOffset: number; batchTimeout?: number; maxMessageCount?: number; logLevel: string }) => {
    const logger = pino({ level: options.logLevel, base: { service: 'embedded-network' } }, pino.destination(2));
    const network = await EmbeddedNetwork.start({
      dataDir: path.resolve(options.dataDir),
      portOffset: options.portOffset,
      batchTimeoutMs: options.batchTimeout,
      maxMessageCount: options.maxMessageCount,
      logger,
    });
    // One JSON line on stdout says the network serves requests (read by tests and scripts).
    process.stdout.write(`${JSON.stringify({ event: 'ready', ...network.describe() })}\n`);
    const shutdown = (signal: string): void => {
      logger.info({ signal }, 'shutting down');
      network.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });

program
  .command('reset')
  .description('delete the data directory: crypto material, ledgers, connection profiles')
  .option('--data-dir <dir>', 'the data directory to delete', DEFAULT_DATA_DIR)
  .action((options: { dataDir: string }) => {
    rmSync(path.resolve(options.dataDir), { recursive: true, force: true });
    process.stdout.write(`removed ${path.resolve(options.dataDir)}\n`);
  });

program.addCommand(fabricCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
