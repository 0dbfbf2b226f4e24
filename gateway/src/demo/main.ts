import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { GatewayClient } from '../sdk/gateway-client';
import { startDevStack, type DevStack } from '../stack';
import { eventsSection, recordsSection, sceneHeader, stepLine, summaryLine } from './print-report';
import { runStory, type StoryGateways } from './story';

/**
 * `npm run demo`: starts the dev stack (embedded network + one gateway per org) and runs the story
 * through the device SDK, printing what the ledger recorded. With --oem/--mobility/--audit it runs
 * against gateways that are already up (e.g. `npm start`) instead.
 */
interface DemoOptions {
  portOffset: string;
  dataDir?: string;
  keep?: boolean;
  oem?: string;
  mobility?: string;
  audit?: string;
}

async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('demo')
    .description('Mobility Ledger: one story (pairing, ride, lot audit) through the device SDK')
    .option('--port-offset <n>', 'port offset of the dev stack it starts (gateways on 3001-3003 + offset)', process.env.MOBILITY_DEMO_PORT_OFFSET ?? '300')
    .option('--data-dir <dir>', 'network data dir (default: a new temporary dir)')
    .option('--keep', 'keep the temporary data dir')
    .option('--oem <url>', 'use a running OemMSP gateway instead of starting a stack')
    .option('--mobility <url>', 'use a running MobilityMSP gateway')
    .option('--audit <url>', 'use a running AuditMSP gateway');
  program.parse(argv as string[]);
  const options = program.opts<DemoOptions>();

  let stack: DevStack | undefined;
  let tempDir: string | undefined;
  let urls: { oem: string; mobility: string; audit: string };
  if (options.oem && options.mobility && options.audit) {
    urls = { oem: options.oem, mobility: options.mobility, audit: options.audit };
  } else {
    const dataDir = options.dataDir ?? (tempDir = mkdtempSync(path.join(os.tmpdir(), 'mobility-demo-')));
    console.log(`Starting the dev stack (embedded network + 3 gateways, port offset ${options.portOffset}, data ${dataDir})…`);
    const started = Date.now();
    // Gateway logs at warn: the story's output is the point here.
    stack = await startDevStack({ dataDir, portOffset: Number(options.portOffset), batchTimeoutMs: 20, logger: pino({ level: 'warn' }) });
    urls = { oem: stack.gateway('OemMSP').url, mobility: stack.gateway('MobilityMSP').url, audit: stack.gateway('AuditMSP').url };
    console.log(`  ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  for (const [org, url] of Object.entries(urls)) console.log(`  ${org.padEnd(9)} ${url}   (OpenAPI UI: ${url}/docs)`);

  const gateways: StoryGateways = {
    oem: new GatewayClient({ baseUrl: urls.oem }),
    mobility: new GatewayClient({ baseUrl: urls.mobility }),
    audit: new GatewayClient({ baseUrl: urls.audit }),
  };
  const started = Date.now();
  try {
    const report = await runStory(gateways, { onScene: (scene) => console.log(sceneHeader(scene)), onStep: (step) => console.log(stepLine(step)) });
    console.log(recordsSection(report));
    console.log(eventsSection(report));
    console.log(summaryLine(report, Date.now() - started));
  } finally {
    await stack?.stop();
    if (tempDir && !options.keep) rmSync(tempDir, { recursive: true, force: true });
  }
}

main(process.argv).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
