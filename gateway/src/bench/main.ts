import { Command } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../config/load-config';
import { configFromNetworkDataDir } from '../config/network-config';
import { openFabricConnection } from '../fabric/connection';
import { newSecret } from '../sdk/commitments';
import { GatewayClient } from '../sdk/gateway-client';
import { startDevStack } from '../stack';
import { benchJson, benchReport } from './bench-report';
import { DirectTarget, HttpTarget, SimDevice } from './bench-targets';
import { runInterleaved, runPhase } from './load-runner';

/**
 * `npm run bench:gateway`: concurrent simulated rider phones drive the MobilityMSP gateway's HTTP
 * API (one ride request with split-key transient data, then three reads, one of them signed), then
 * the same transactions go straight through fabric-gateway with the same identity, in the same run.
 * Prints requests/s, p50/p99 latency per operation and the gateway's overhead (ratio).
 */
interface BenchOptions {
  portOffset: string;
  devices: string;
  seconds: string;
  json?: string;
}

async function main(argv: readonly string[]): Promise<void> {
  const options = new Command('bench:gateway')
    .option('--port-offset <n>', 'port offset of the dev stack', process.env.MOBILITY_BENCH_PORT_OFFSET ?? '11050')
    .option('--devices <n>', 'concurrent simulated devices', '8')
    .option('--seconds <n>', 'measuring time per target (HTTP, direct), in three alternating rounds', '15')
    .option('--json <file>', 'also write the figures as JSON')
    .parse(argv as string[])
    .opts<BenchOptions>();
  const portOffset = Number(options.portOffset);
  const durationMs = Number(options.seconds) * 1000;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mobility-bench-'));
  console.log(`Starting the dev stack (port offset ${portOffset})…`);
  const stack = await startDevStack({ dataDir, portOffset, batchTimeoutMs: 20, orgs: ['MobilityMSP'], logger: pino({ level: 'warn' }) });
  const config = loadConfig({ env: {}, base: configFromNetworkDataDir({ dataDir, mspId: 'MobilityMSP', portOffset }) });
  const direct = openFabricConnection(config);
  try {
    const gateway = new GatewayClient({ baseUrl: stack.gateway('MobilityMSP').url });
    const devices = Array.from({ length: Number(options.devices) }, () => new SimDevice());
    const terms = { version: 1, documentHash: newSecret() };
    await gateway.call('rideshare.publishTerms', terms);
    await Promise.all(
      devices.map(async (device) => {
        const session = gateway.device(device.key);
        await session.register({ type: 'rider-phone' });
        await session.submit('rideshare.acceptTerms', terms);
      }),
    );
    console.log(`${devices.length} rider phones registered; each target runs ${options.seconds} s in 3 alternating rounds (1 write : 3 reads per device loop)`);
    const http = new HttpTarget(gateway);
    // Warm both paths (connections, compiled validators, chaincode caches) before measuring.
    await runPhase(http, devices, 1_500);
    const directTarget = new DirectTarget(direct.contract(''));
    await runPhase(directTarget, devices, 1_500);
    const [httpResult, directResult] = await runInterleaved([http, directTarget], devices, durationMs, 3);
    if (!httpResult || !directResult) throw new Error('no results');
    console.log(benchReport(httpResult, directResult));
    if (options.json) writeFileSync(options.json, `${JSON.stringify(benchJson(httpResult, directResult), null, 2)}\n`);
  } finally {
    direct.close();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main(process.argv).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
