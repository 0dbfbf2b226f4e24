import path from 'node:path';
import type { Logger } from 'pino';
import { DEFAULT_HTTP_PORTS, type PartialGatewayConfig } from '../config/gateway-config';
import { loadConfig } from '../config/load-config';
import { configFromNetworkDataDir } from '../config/network-config';
import { provisionDemoAuditor, type DemoAuditor } from '../routes/auditor';
import { createGatewayServer, type GatewayServer } from '../server';
import { NetworkChild } from './network-child';

export interface DevStackOptions {
  /** The network's data dir (crypto, ledgers); the gateways keep theirs under `<dataDir>/gateways/`. */
  readonly dataDir: string;
  /** Added to every network port and to the gateways' HTTP ports (3001–3003). */
  readonly portOffset: number;
  /** Orgs that get a gateway: all three by default. */
  readonly orgs?: readonly string[];
  readonly batchTimeoutMs?: number;
  /** The network CLI to run (default: MOBILITY_NETWORK_CLI, else the workspace's build). */
  readonly networkCli?: string;
  readonly networkLogLevel?: string;
  readonly echoNetworkLog?: boolean;
  readonly logger?: Logger;
  /** Applied to every gateway's config, e.g. short timeouts or retry limits in tests. */
  readonly gatewayConfig?: PartialGatewayConfig;
  readonly events?: boolean;
  /**
   * Development only (`npm start`): create and register an auditor device key for the dashboard and
   * name its file in `DevStack.demoAuditor`, so a person can log in. Off by default.
   */
  readonly demoAuditor?: boolean;
}

export interface StackGateway {
  readonly mspId: string;
  readonly url: string;
  readonly docsUrl: string;
  /** The auditor dashboard's page, on the AuditMSP gateway. */
  readonly dashboardUrl?: string;
  readonly server: GatewayServer;
}

export interface DevStack {
  readonly network: NetworkChild;
  readonly gateways: readonly StackGateway[];
  gateway(mspId: string): StackGateway;
  /** The dev-only auditor key for the dashboard (with `demoAuditor`). */
  readonly demoAuditor?: DemoAuditor;
  /** Gateways first (drain, close gRPC), then the network. */
  stop(): Promise<void>;
}

export const STACK_ORGS = Object.keys(DEFAULT_HTTP_PORTS);

/**
 * The whole dev system: the embedded network as a child process and one gateway per org in this
 * process, each with its own Fabric identity (the org's User1), HTTP port and data dir.
 */
export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const dataDir = path.resolve(options.dataDir);
  const network = await NetworkChild.start({
    dataDir,
    portOffset: options.portOffset,
    ...(options.batchTimeoutMs !== undefined ? { batchTimeoutMs: options.batchTimeoutMs } : {}),
    ...(options.networkCli ? { cli: options.networkCli } : {}),
    ...(options.networkLogLevel ? { logLevel: options.networkLogLevel } : {}),
    ...(options.echoNetworkLog ? { echoLog: true } : {}),
  });
  const gateways: StackGateway[] = [];
  let demoAuditor: DemoAuditor | undefined;
  const stop = async (): Promise<void> => {
    await Promise.allSettled(gateways.map((gateway) => gateway.server.close()));
    await network.stop();
  };
  try {
    for (const mspId of options.orgs ?? STACK_ORGS) {
      const config = loadConfig({
        env: {},
        base: configFromNetworkDataDir({ dataDir, mspId, portOffset: options.portOffset }),
        ...(options.gatewayConfig ? { overrides: options.gatewayConfig } : {}),
      });
      const server = await createGatewayServer({
        config,
        ...(options.logger ? { logger: options.logger.child({ org: mspId }) } : {}),
        ...(options.events === false ? { events: false } : {}),
      });
      // Registered before listening, so a failed listen still closes it.
      const entry = { mspId, url: '', docsUrl: '', server };
      gateways.push(entry);
      const url = await server.listen();
      Object.assign(entry, { url, docsUrl: `${url}/docs`, ...(server.dashboard ? { dashboardUrl: `${url}${server.dashboard.path}` } : {}) });
    }
    const auditGateway = gateways.find((gateway) => gateway.server.dashboard);
    if (options.demoAuditor && auditGateway) {
      const { server } = auditGateway;
      demoAuditor = await provisionDemoAuditor({ ledger: server.ledger, lookup: server.lookup, dir: server.config.dataDir, channel: server.config.channel });
      options.logger?.info({ dashboard: auditGateway.dashboardUrl, demoAuditorKeyFile: demoAuditor.keyFile, address: demoAuditor.address }, 'auditor dashboard: log in with the demo auditor key (development only)');
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    network,
    gateways,
    ...(demoAuditor ? { demoAuditor } : {}),
    gateway(mspId) {
      const found = gateways.find((gateway) => gateway.mspId === mspId);
      if (!found) throw new Error(`no gateway for ${mspId} in this stack`);
      return found;
    },
    stop,
  };
}
