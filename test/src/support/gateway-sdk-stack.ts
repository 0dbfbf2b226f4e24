import { GatewayClient } from '@mobility-ledger/gateway/dist/sdk';
import { startDevStack, type DevStack } from '@mobility-ledger/gateway/dist/stack';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { connectAsOrgUser, type ClientConnection } from './fabric-client';

export const STACK_ORGS = {
  oem: { mspId: 'OemMSP', domain: 'oem.mobility.example' },
  mobility: { mspId: 'MobilityMSP', domain: 'mobility.mobility.example' },
  audit: { mspId: 'AuditMSP', domain: 'audit.mobility.example' },
} as const;

/**
 * The dev stack (embedded network child + one gateway per org) for SDK end-to-end suites, with an
 * SDK client per gateway and, beside the gateways, a plain fabric-gateway connection (AuditMSP
 * User1) so a test can check the ledger without going through the code under test.
 */
export class SdkStack {
  private constructor(
    readonly stack: DevStack,
    readonly dataDir: string,
    readonly gateways: { readonly oem: GatewayClient; readonly mobility: GatewayClient; readonly audit: GatewayClient },
    readonly fabric: ClientConnection,
  ) {}

  static async start(portOffset: number, gatewayConfig?: Parameters<typeof startDevStack>[0]['gatewayConfig']): Promise<SdkStack> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mobility-sdk-e2e-'));
    const stack = await startDevStack({ dataDir, portOffset, batchTimeoutMs: 20, logger: pino({ level: 'warn' }), ...(gatewayConfig ? { gatewayConfig } : {}) });
    try {
      const client = (mspId: string): GatewayClient => new GatewayClient({ baseUrl: stack.gateway(mspId).url });
      const peer = stack.network.ready.peers.find((candidate) => candidate.mspId === STACK_ORGS.audit.mspId);
      if (!peer) throw new Error('no AuditMSP peer');
      const fabric = await connectAsOrgUser(dataDir, { ...STACK_ORGS.audit, peerPort: peer.peerPort });
      return new SdkStack(stack, dataDir, { oem: client('OemMSP'), mobility: client('MobilityMSP'), audit: client('AuditMSP') }, fabric);
    } catch (error) {
      await stack.stop();
      throw error;
    }
  }

  /** A chaincode query through the plain fabric-gateway connection, parsed from JSON. */
  async query<T>(transaction: string, ...args: string[]): Promise<T> {
    const bytes = await this.fabric.contract().evaluateTransaction(transaction, ...args);
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  }

  async stop(): Promise<void> {
    this.fabric.close();
    await this.stack.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
