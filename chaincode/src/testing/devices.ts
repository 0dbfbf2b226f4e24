import { Wallet } from 'ethers';
import type { Contract } from 'fabric-contract-api';
import { signDeviceRequest, type SignedDeviceRequest } from '../devices/device-request';
import type { DeviceType } from '../devices/device-types';
import { TEST_CHANNEL, type TestLedger } from './test-ledger';
import { ORG_MSP } from '../lib/access';

/** A device with its own key, as a phone or vehicle component would hold it. */
export class TestDevice {
  private nonceCounter = 0;
  constructor(
    readonly wallet: Wallet,
    readonly type: DeviceType,
  ) {}

  static create(type: DeviceType, seed: string): TestDevice {
    // Deterministic keys keep test failures reproducible.
    const privateKey = `0x${Buffer.from(seed.padEnd(32, '.')).subarray(0, 32).toString('hex')}`;
    return new TestDevice(new Wallet(privateKey), type);
  }

  get address(): string {
    return this.wallet.address;
  }

  get publicKey(): string {
    return this.wallet.signingKey.publicKey;
  }

  async sign<P>(action: string, payload: P, ledger: TestLedger, validityMs = 60_000): Promise<SignedDeviceRequest<P>> {
    this.nonceCounter += 1;
    return signDeviceRequest(this.wallet, {
      action,
      channel: TEST_CHANNEL,
      payload,
      nonce: `n-${this.type}-${this.nonceCounter.toString().padStart(6, '0')}`,
      // The ledger clock advances 1 s per transaction; the next transaction happens at clockMs + 1000.
      expiresAt: ledger.clockMs + validityMs,
    });
  }

  async signJson<P>(action: string, payload: P, ledger: TestLedger, validityMs?: number): Promise<string> {
    return JSON.stringify(await this.sign(action, payload, ledger, validityMs));
  }
}

export const DEFAULT_VOUCHER: Readonly<Record<DeviceType, string>> = {
  'owner-phone': ORG_MSP.automaker,
  'head-unit': ORG_MSP.automaker,
  ecu: ORG_MSP.automaker,
  'digital-key-ecu': ORG_MSP.automaker,
  'telematics-unit': ORG_MSP.automaker,
  'rider-phone': ORG_MSP.operator,
  'driver-phone': ORG_MSP.operator,
  'auditor-phone': ORG_MSP.auditor,
  'crowd-verifier': ORG_MSP.auditor,
};

/** Registers a device through the real DeviceContract, vouched for by the usual org for its type. */
export async function registerDevice(
  ledger: TestLedger,
  devicesContract: Contract,
  device: TestDevice,
  extra: { vin?: string; label?: string } = {},
): Promise<void> {
  const request = await device.signJson('devices.register', { publicKey: device.publicKey, type: device.type, ...extra }, ledger);
  await ledger.submit(devicesContract, 'Register', [request], { mspId: DEFAULT_VOUCHER[device.type] });
}
