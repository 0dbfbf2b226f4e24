import { signDeviceRequest, type SignedDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import type { DeviceType } from '@mobility-ledger/chaincode/dist/devices/device-types';
import { Wallet } from 'ethers';
import { randomBytes } from 'node:crypto';

export const CHANNEL = 'mobility';

/** How long a pre-signed request stays valid: long enough for setup, signing and both phases. */
const DEFAULT_VALIDITY_MS = 60 * 60 * 1000;

let runTag = randomBytes(4).toString('hex');

/** A different tag per benchmark run keeps nonces unique when the same device keys are reused. */
export function setNonceTag(tag: string): void {
  runTag = tag;
}

/**
 * A device holding its own secp256k1 key, as a phone or vehicle component does. It signs its
 * requests itself; the benchmark's gateway client only relays them, as the org's server would.
 */
export class BenchDevice {
  private nonceCounter = 0;

  private constructor(
    readonly wallet: Wallet,
    readonly type: DeviceType,
    readonly vin?: string,
  ) {}

  static create(type: DeviceType, vin?: string): BenchDevice {
    return new BenchDevice(new Wallet(`0x${randomBytes(32).toString('hex')}`), type, vin);
  }

  get address(): string {
    return this.wallet.address;
  }

  async sign<P>(action: string, payload: P, validityMs = DEFAULT_VALIDITY_MS): Promise<SignedDeviceRequest<P>> {
    this.nonceCounter += 1;
    return signDeviceRequest(this.wallet, {
      action,
      channel: CHANNEL,
      payload,
      nonce: `b${runTag}-${this.nonceCounter.toString(36)}`,
      expiresAt: Date.now() + validityMs,
    });
  }

  async signJson<P>(action: string, payload: P, validityMs?: number): Promise<string> {
    return JSON.stringify(await this.sign(action, payload, validityMs));
  }

  /** The device's own registration request (`devices:Register`), proving it holds the key. */
  registrationJson(label?: string): Promise<string> {
    return this.signJson('devices.register', {
      publicKey: this.wallet.signingKey.publicKey,
      type: this.type,
      ...(this.vin ? { vin: this.vin } : {}),
      ...(label ? { label } : {}),
    });
  }
}

/** 32 random bytes as lower-case hex: key parts, salts, message hashes. */
export function randomHex64(): string {
  return randomBytes(32).toString('hex');
}
