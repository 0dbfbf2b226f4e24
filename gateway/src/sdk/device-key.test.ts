import { NONCE_PATTERN, type SignedDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import { recoverDeviceRequestSigner } from '@mobility-ledger/chaincode/dist/devices/signer-recovery';
import { expect } from 'chai';
import { computeAddress, decodeBase64 } from 'ethers';
import { DeviceKey } from './device-key';
import { MAX_AUTHORIZATION_TTL_MS, RequestSigner, newNonce } from './request-signing';

const FAST_SCRYPT = { scryptN: 1024 };

describe('DeviceKey', () => {
  it('creates a key with a mnemonic that restores the same address, and a public key matching it', () => {
    const key = DeviceKey.create();
    expect(key.mnemonic?.split(' ')).to.have.length(12);
    expect(DeviceKey.fromMnemonic(key.mnemonic ?? '').address).to.equal(key.address);
    expect(computeAddress(key.publicKey)).to.equal(key.address);
    expect(key.publicKey).to.match(/^0x04[0-9a-f]{128}$/);
  });

  it('round-trips through an encrypted JSON keystore, keeping the mnemonic, and refuses a wrong password', async () => {
    const key = DeviceKey.create();
    const json = await key.toEncryptedJson('correct horse', FAST_SCRYPT);
    expect(json).to.not.contain(key.mnemonic?.split(' ')[0] ?? 'x');
    const restored = await DeviceKey.fromEncryptedJson(json, 'correct horse');
    expect(restored.address).to.equal(key.address);
    expect(restored.mnemonic).to.equal(key.mnemonic);
    let refusal: unknown;
    await DeviceKey.fromEncryptedJson(json, 'wrong').catch((error: unknown) => (refusal = error));
    expect(String(refusal)).to.match(/incorrect password/i);
  });

  it('exports and imports a bare private key without a mnemonic', async () => {
    const key = DeviceKey.fromPrivateKey(`0x${'11'.repeat(32)}`);
    expect(key.mnemonic).to.equal(undefined);
    const restored = await DeviceKey.fromEncryptedJson(await key.toEncryptedJson('pw', FAST_SCRYPT), 'pw');
    expect(restored.address).to.equal(key.address);
  });
});

describe('RequestSigner', () => {
  const key = DeviceKey.fromPrivateKey(`0x${'22'.repeat(32)}`);
  const signer = new RequestSigner(key, { now: () => 1_000_000, ttlMs: 30_000 });

  it('signs requests the chaincode recovers to the device, with a fresh nonce and the expiry', async () => {
    const first = await signer.sign('pairing.revoke', { pairingId: 'p', reason: 'lost' });
    const second = await signer.sign('pairing.revoke', { pairingId: 'p', reason: 'lost' });
    expect(recoverDeviceRequestSigner(first)).to.equal(key.address);
    expect(first).to.include({ device: key.address, channel: 'mobility', expiresAt: 1_030_000 });
    expect(first.nonce).to.match(new RegExp(NONCE_PATTERN)).and.not.equal(second.nonce);
    // The signature covers the payload: another payload under the same signature recovers to someone else.
    expect(recoverDeviceRequestSigner({ ...first, payload: { pairingId: 'q', reason: 'lost' } })).to.not.equal(key.address);
  });

  it('builds a Device authorization header whose lifetime is capped at five minutes', async () => {
    const header = await signer.authorization('gateway.subscribe', {}, 60 * 60_000);
    expect(header).to.match(/^Device [A-Za-z0-9_-]+$/);
    const encoded = header.slice('Device '.length).replace(/-/g, '+').replace(/_/g, '/');
    const padded = encoded + '='.repeat((4 - (encoded.length % 4)) % 4);
    const request = JSON.parse(new TextDecoder().decode(decodeBase64(padded))) as SignedDeviceRequest;
    expect(request).to.include({ action: 'gateway.subscribe', expiresAt: 1_000_000 + MAX_AUTHORIZATION_TTL_MS });
    expect(recoverDeviceRequestSigner(request)).to.equal(key.address);
  });

  it('makes nonces of 22 base64url characters that do not repeat', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => newNonce()));
    expect(nonces.size).to.equal(1000);
    for (const nonce of nonces) expect(nonce).to.match(/^[A-Za-z0-9_-]{22}$/);
  });
});
