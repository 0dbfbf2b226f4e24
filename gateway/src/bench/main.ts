import { Command } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/load-config';
import { configFromNetworkDataDir } from '../config/network-config';
import { openFabricConnection } from '../fabric/connection';
import { newSecret } from '../sdk/commitments';
import { GatewayClient } from '../sdk/gateway-client';
import { NetworkChild } from '../stack';
import { benchJson, benchReport } from './bench-report';
import { DirectTarget, HttpTarget, SimDevice } from './bench-targets';
import { CpuMeter } from './cpu-meter';
import { GatewayChild } from './gateway-child';
import { runInterleaved, runPhase } from './load-runner';

/**
 * `npm run bench:gateway`: concurrent simulated rider phones drive the MobilityMSP gateway's HTTP
 * API (one ride request with split-key transient data, then three reads, one of them signed), then
 * the same transactions go straight through fabric-gateway with the same identity, in the same run.
 * Three processes: this one (load), the gateway (`cli/main.js start`) and the embedded network.
 * Prints requests/s, p50/p99 latency per operation, the gateway's overhead (ratio) and CPU per request.
 */
interface BenchOptions {
  portOffset: string;
  devices: string;
  seconds: string;
  json?: string;
}

async function main(argv: readonly string[]): Promise<void> {
  const options = new Command('bench:gateway')
    .option('--port-offset <n>', 'port offset of the network and the gateway', process.env.MOBILITY_BENCH_PORT_OFFSET ?? '11050')
    .option('--devices <n>', 'concurrent simulated devices', '8')
    .option('--seconds <n>', 'measuring time per target (HTTP, direct), in three alternating rounds', '15')
    .option('--json <file>', 'also write the figures as JSON')
    .parse(argv as string[])
    .opts<BenchOptions>();
  const portOffset = Number(options.portOffset);
  const durationMs = Number(options.seconds) * 1000;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mobility-bench-'));
  console.log(`Starting the embedded network and the MobilityMSP gateway as separate processes (port offset ${portOffset})…`);
  const network = await NetworkChild.start({ dataDir, portOffset, batchTimeoutMs: 20 });
  let gatewayChild: GatewayChild | undefined;
  let direct: ReturnType<typeof openFabricConnection> | undefined;
  try {
    gatewayChild = await GatewayChild.start({ org: 'MobilityMSP', networkDataDir: dataDir, portOffset });
    const config = loadConfig({ env: {}, base: configFromNetworkDataDir({ dataDir, mspId: 'MobilityMSP', portOffset }), overrides: { logLevel: 'warn' } });
    direct = openFabricConnection(config);
    const gateway = new GatewayClient({ baseUrl: gatewayChild.url });
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
    const meter = new CpuMeter({ gateway: gatewayChild.pid, network: network.child.pid });
    const [httpResult, directResult] = await runInterleaved([http, directTarget], devices, durationMs, 3, meter);
    if (!httpResult || !directResult) throw new Error('no results');
    console.log(benchReport(httpResult, directResult));
    if (options.json) writeFileSync(options.json, `${JSON.stringify(benchJson(httpResult, directResult), null, 2)}\n`);
  } finally {
    direct?.close();
    await gatewayChild?.stop();
    await network.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main(process.argv).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
