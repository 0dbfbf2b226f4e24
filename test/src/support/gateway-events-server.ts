/**
 * A gateway process serving only the event streams: the events helper's service mounted on a bare
 * fastify app, over the org's User1 identity of an embedded network. Run by GatewayEventsProcess
 * (configuration in GATEWAY_EVENTS_CONFIG); prints one JSON `ready` line.
 */
import { createFabricDeviceLookup } from '@mobility-ledger/gateway/dist/auth';
import { createEventService } from '@mobility-ledger/gateway/dist/events';
import Fastify from 'fastify';
import pino from 'pino';
import { connectAsOrgUser } from './fabric-client';

export interface GatewayEventsServerConfig {
  readonly networkDataDir: string;
  readonly mspId: string;
  readonly domain: string;
  readonly peerPort: number;
  readonly dataDir: string;
  readonly port: number;
  readonly operatorToken: string;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.GATEWAY_EVENTS_CONFIG ?? '') as GatewayEventsServerConfig;
  const connection = await connectAsOrgUser(config.networkDataDir, config);
  const network = connection.gateway.getNetwork('mobility');
  const logger = pino({ level: process.env.GATEWAY_EVENTS_LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const service = await createEventService({
    network,
    chaincodeName: 'mobility',
    dataDir: config.dataDir,
    logger,
    lookup: createFabricDeviceLookup(network.getContract('mobility')),
    orgMspId: config.mspId,
    operatorToken: config.operatorToken,
    heartbeatMs: 2_000,
  });
  const app = Fastify();
  service.register(app);
  const url = await app.listen({ host: '127.0.0.1', port: config.port });
  process.stdout.write(`${JSON.stringify({ event: 'ready', url })}\n`);
  process.once('SIGTERM', () => {
    void (async () => {
      await service.close();
      await app.close();
      connection.close();
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway events server failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
