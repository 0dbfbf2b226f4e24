import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeviceAuthError } from './auth-error';
import { CredentialNonceStore } from './credential-nonces';

const DEVICE = '0x1111111111111111111111111111111111111111';
const OTHER = '0x2222222222222222222222222222222222222222';

async function refusal(promise: Promise<unknown>): Promise<DeviceAuthError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof DeviceAuthError)) throw new Error(`expected a DeviceAuthError, got ${String(outcome)}`);
  return outcome;
}

describe('auth: CredentialNonceStore (single-use device credentials)', () => {
  let dir: string;
  let clock: number;
  let store: CredentialNonceStore;
  const open = (): CredentialNonceStore => new CredentialNonceStore(path.join(dir, 'credential-nonces'), { now: () => clock });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'credential-nonces-'));
    clock = 1_000_000;
    store = open();
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a (device, nonce) once and refuses its reuse with 401 naming the nonce, whatever the case of the address', async () => {
    await store.consume(DEVICE, 'nonce-0001', clock + 60_000);
    const reuse = await refusal(store.consume(DEVICE.toUpperCase().replace('0X', '0x'), 'nonce-0001', clock + 60_000));
    expect([reuse.statusCode, reuse.code, reuse.field]).to.deep.equal([401, 'UNAUTHENTICATED', 'authorization.nonce']);
    // Another device may use the same nonce; the same device another nonce.
    await store.consume(OTHER, 'nonce-0001', clock + 60_000);
    await store.consume(DEVICE, 'nonce-0002', clock + 60_000);
  });

  it('lets exactly one of two concurrent uses through', async () => {
    const outcomes = await Promise.allSettled([store.consume(DEVICE, 'nonce-race', clock + 60_000), store.consume(DEVICE, 'nonce-race', clock + 60_000)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
  });

  it('purges entries once their credential has expired, and keeps the others', async () => {
    await store.consume(DEVICE, 'nonce-short', clock + 1_000);
    await store.consume(DEVICE, 'nonce-long', clock + 300_000);
    expect(await store.purgeExpired()).to.equal(0);
    clock += 1_000;
    expect(await store.purgeExpired()).to.equal(1);
    expect(await store.size()).to.equal(1);
    await refusal(store.consume(DEVICE, 'nonce-long', clock + 300_000));
    clock += 300_000;
    expect(await store.purgeExpired()).to.equal(1);
    expect(await store.size()).to.equal(0);
  });

  it('replaces an expired entry that was not purged yet, and purges the new one at its own expiry', async () => {
    await store.consume(DEVICE, 'nonce-again', clock + 1_000);
    clock += 2_000;
    await store.consume(DEVICE, 'nonce-again', clock + 10_000);
    await refusal(store.consume(DEVICE, 'nonce-again', clock + 10_000));
    expect(await store.purgeExpired()).to.equal(0);
    clock += 10_000;
    expect(await store.purgeExpired()).to.equal(1);
  });

  it('remembers used nonces across a reopen (gateway restart), and purges the expired ones when it opens', async () => {
    await store.consume(DEVICE, 'nonce-kept', clock + 300_000);
    await store.consume(DEVICE, 'nonce-gone', clock + 1_000);
    await store.close();
    clock += 5_000;
    store = open();
    expect(await store.size()).to.equal(1);
    const reuse = await refusal(store.consume(DEVICE, 'nonce-kept', clock + 300_000));
    expect(reuse.field).to.equal('authorization.nonce');
  });
});
