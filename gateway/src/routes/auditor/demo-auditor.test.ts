import type { SignedDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import { recoverDeviceRequestSigner } from '@mobility-ledger/chaincode/dist/devices/signer-recovery';
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LedgerCall } from '../../fabric/ledger-client';
import { DEMO_AUDITOR_KEY_FILE, provisionDemoAuditor } from './demo-auditor';
import { MemoryDeviceLookup } from './testing-ledger';

describe('the dev stack’s demo auditor key', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'demo-auditor-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a key file readable by its owner only, registers the key as an auditor phone once, and reuses it', async () => {
    const calls: LedgerCall[] = [];
    const lookup = new MemoryDeviceLookup();
    const ledger = {
      submit: async (call: LedgerCall) => {
        calls.push(call);
        return { txId: 'tx', blockNumber: 1n, result: new Uint8Array(), attempts: 1 };
      },
    };
    const first = await provisionDemoAuditor({ ledger, lookup, dir, channel: 'mobility' });
    expect(first.registered).to.equal(true);
    expect(first.keyFile).to.equal(path.join(dir, DEMO_AUDITOR_KEY_FILE));
    expect(statSync(first.keyFile).mode & 0o777).to.equal(0o600);
    const file = JSON.parse(readFileSync(first.keyFile, 'utf8')) as { address: string; privateKey: string; deviceType: string };
    expect(file).to.include({ address: first.address, deviceType: 'auditor-phone' });
    expect(file.privateKey).to.match(/^0x[0-9a-f]{64}$/);

    expect(calls.map((call) => [call.contract, call.transaction])).to.deep.equal([['devices', 'Register']]);
    const request = JSON.parse(calls[0]?.arguments[0] ?? '{}') as SignedDeviceRequest<{ type: string; publicKey: string }>;
    expect(request).to.include({ action: 'devices.register', channel: 'mobility', device: first.address });
    expect(request.payload.type).to.equal('auditor-phone');
    expect(recoverDeviceRequestSigner(request)).to.equal(first.address);

    lookup.set({ address: first.address, deviceType: 'auditor-phone', status: 'active', org: 'AuditMSP' });
    const again = await provisionDemoAuditor({ ledger, lookup, dir, channel: 'mobility' });
    expect(again).to.deep.equal({ address: first.address, keyFile: first.keyFile, registered: false });
    expect(calls).to.have.length(1);
  });
});
