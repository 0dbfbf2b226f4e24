import { signDeviceRequest, type DeviceType, type SignedDeviceRequest } from '@mobility-ledger/chaincode';
import { Wallet, id } from 'ethers';
import type { ClientConnection } from './fabric-client';

const utf8 = new TextDecoder();

/** Which org's client registers (vouches for) each kind of device, as `devices/device-types.ts` allows. */
const VOUCHER: Readonly<Record<DeviceType, 'oem' | 'mobility' | 'audit'>> = {
  'owner-phone': 'oem',
  'head-unit': 'oem',
  ecu: 'oem',
  'digital-key-ecu': 'oem',
  'telematics-unit': 'oem',
  'rider-phone': 'mobility',
  'driver-phone': 'mobility',
  'auditor-phone': 'audit',
  'crowd-verifier': 'audit',
};

/** The device record the registry returns (`devices/device-types.ts`). */
export interface RegisteredDevice {
  readonly address: string;
  readonly type: DeviceType;
  readonly org: string;
  readonly status: string;
  readonly vin?: string;
}

export interface SignOptions {
  /** Unix ms; ten minutes from now unless given (a past value makes an expired request). */
  readonly expiresAt?: number;
  readonly nonce?: string;
}

/**
 * A device holding its own secp256k1 key, as a phone or a vehicle component does. Keys derive from
 * a seed so a failing run can be reproduced; nonces count per device.
 */
export class E2eDevice {
  private nonces = 0;

  constructor(
    readonly type: DeviceType,
    readonly wallet: Wallet,
  ) {}

  static fromSeed(type: DeviceType, seed: string): E2eDevice {
    return new E2eDevice(type, new Wallet(id(`e2e device:${seed}`)));
  }

  get address(): string {
    return this.wallet.address;
  }

  async sign<P>(action: string, payload: P, options: SignOptions = {}): Promise<SignedDeviceRequest<P>> {
    this.nonces += 1;
    return signDeviceRequest(this.wallet, {
      action,
      channel: 'mobility',
      payload,
      nonce: options.nonce ?? `e2e-${this.nonces.toString().padStart(6, '0')}`,
      expiresAt: options.expiresAt ?? Date.now() + 10 * 60 * 1000,
    });
  }

  async signJson<P>(action: string, payload: P, options: SignOptions = {}): Promise<string> {
    return JSON.stringify(await this.sign(action, payload, options));
  }

  /** Registers the device through the client of the org that vouches for its type. */
  async register(clients: Record<'oem' | 'mobility' | 'audit', ClientConnection>, extra: { vin?: string } = {}): Promise<RegisteredDevice> {
    const request = await this.signJson('devices.register', { publicKey: this.wallet.signingKey.publicKey, type: this.type, ...extra });
    const result = await clients[VOUCHER[this.type]].contract().submitTransaction('devices:Register', request);
    return JSON.parse(utf8.decode(result)) as RegisteredDevice;
  }
}
