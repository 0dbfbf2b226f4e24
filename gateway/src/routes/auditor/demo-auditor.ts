import { signDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import { Wallet } from 'ethers';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeviceLookup } from '../../auth';
import type { LedgerClient } from '../../fabric/ledger-client';

/**
 * Dev stack only: an auditor device key a person can log in to the dashboard with. Kept in the
 * AuditMSP gateway's data dir, so restarts of the stack reuse it, and registered (AuditMSP vouches
 * for auditor phones) when the ledger does not know it yet. Never used outside `npm start`.
 */
export const DEMO_AUDITOR_KEY_FILE = 'dashboard-demo-auditor-key.json';

export interface DemoAuditor {
  readonly address: string;
  readonly keyFile: string;
  /** False when the key was already registered. */
  readonly registered: boolean;
}

export interface DemoAuditorOptions {
  readonly ledger: Pick<LedgerClient, 'submit'>;
  readonly lookup: DeviceLookup;
  /** Where to keep the key file: the AuditMSP gateway's data dir. */
  readonly dir: string;
  readonly channel: string;
}

interface KeyFile {
  readonly address: string;
  readonly privateKey: string;
}

async function readKey(file: string): Promise<Wallet | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<KeyFile>;
    return typeof parsed.privateKey === 'string' ? new Wallet(parsed.privateKey) : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function provisionDemoAuditor(options: DemoAuditorOptions): Promise<DemoAuditor> {
  const keyFile = path.join(options.dir, DEMO_AUDITOR_KEY_FILE);
  let wallet = await readKey(keyFile);
  if (!wallet) {
    wallet = new Wallet(`0x${randomBytes(32).toString('hex')}`);
    await mkdir(options.dir, { recursive: true });
    const content = {
      address: wallet.address,
      privateKey: wallet.privateKey,
      deviceType: 'auditor-phone',
      org: 'AuditMSP',
      note: 'Development only: an auditor-phone key for the dashboard of the dev stack. Paste privateKey into the dashboard login, or choose this file.',
    };
    await writeFile(keyFile, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  }
  const known = await options.lookup.getDevice(wallet.address);
  if (known) return { address: wallet.address, keyFile, registered: false };
  const request = await signDeviceRequest(wallet, {
    action: 'devices.register',
    channel: options.channel,
    payload: { publicKey: wallet.signingKey.publicKey, type: 'auditor-phone', label: 'dashboard demo auditor (dev stack)' },
    nonce: randomBytes(16).toString('base64url'),
    expiresAt: Date.now() + 2 * 60_000,
  });
  await options.ledger.submit({ contract: 'devices', transaction: 'Register', arguments: [JSON.stringify(request)] });
  options.lookup.invalidate?.(wallet.address);
  return { address: wallet.address, keyFile, registered: true };
}
