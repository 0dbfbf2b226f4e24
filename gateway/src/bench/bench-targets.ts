import type { Contract } from '@hyperledger/fabric-gateway';
import type { SignedDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import { randomHex } from '../sdk/commitments';
import { draftRideRequest, requestRideBody } from '../sdk/flows/rideshare';
import type { GatewayClient } from '../sdk/gateway-client';
import { RequestSigner } from '../sdk/request-signing';
import { DeviceKey } from '../sdk/device-key';

/** The benchmark's operations: one write with transient data, three reads (one of them signed). */
export const OPERATIONS = ['write rideshare.requestRide', 'read devices.get', 'read rideshare.getRideAsParty', 'read rideshare.getTerms'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** A simulated rider phone: its key, and the ride it requested last (for its signed reads). */
export class SimDevice {
  readonly key = DeviceKey.fromPrivateKey(`0x${randomHex(32)}`);
  readonly signer = new RequestSigner(this.key);
  lastRideId?: string;
}

/** A prepared call: signing happens before the clock starts, in both modes alike. */
export interface PreparedCall {
  readonly operation: Operation;
  run(): Promise<void>;
}

/** What one side (HTTP gateway or direct fabric-gateway) does for each operation. */
export interface BenchTarget {
  readonly name: string;
  prepare(operation: Operation, device: SimDevice): Promise<PreparedCall>;
}

const ride = (device: SimDevice): string => {
  if (!device.lastRideId) throw new Error('the device has no ride yet');
  return device.lastRideId;
};

const locations = { pickup: { latE6: 48_137_150, lonE6: 11_575_450 }, destination: { latE6: 48_353_750, lonE6: 11_786_080 } };

/** Through the gateway's HTTP API with the SDK. */
export class HttpTarget implements BenchTarget {
  readonly name = 'HTTP gateway (SDK)';

  constructor(private readonly gateway: GatewayClient) {}

  async prepare(operation: Operation, device: SimDevice): Promise<PreparedCall> {
    switch (operation) {
      case 'write rideshare.requestRide': {
        const body = await requestRideBody(device.signer, draftRideRequest(locations));
        return {
          operation,
          run: async () => {
            const answer = await this.gateway.call('rideshare.requestRide', body);
            device.lastRideId = (answer.result as { rideId: string }).rideId;
          },
        };
      }
      case 'read devices.get':
        return { operation, run: async () => void (await this.gateway.call('devices.get', { address: device.key.address })) };
      case 'read rideshare.getRideAsParty': {
        const rideId = ride(device);
        const authorization = await device.signer.authorization('rideshare.readRide', { rideId });
        return { operation, run: async () => void (await this.gateway.raw({ method: 'GET', path: `/v1/rideshare/rides/${rideId}/as-party`, headers: { authorization } })) };
      }
      case 'read rideshare.getTerms':
        return { operation, run: async () => void (await this.gateway.call('rideshare.getTerms', {})) };
    }
  }
}

const utf8 = new TextDecoder();

/**
 * The same transactions with fabric-gateway directly, as the operator's own application would
 * submit them (same identity, same arguments, same transient data and endorsing orgs).
 */
export class DirectTarget implements BenchTarget {
  readonly name = 'direct fabric-gateway';

  constructor(private readonly contract: Contract) {}

  async prepare(operation: Operation, device: SimDevice): Promise<PreparedCall> {
    switch (operation) {
      case 'write rideshare.requestRide': {
        const { transient, ...request } = await requestRideBody(device.signer, draftRideRequest(locations));
        const transientData = {
          rideRequest: JSON.stringify(transient.rideRequest),
          riderKeyPart: transient.riderKeyPart,
          ledgerKeyPart: randomHex(32),
        };
        return {
          operation,
          run: async () => {
            const submitted = await this.contract.submitAsync('rideshare:RequestRide', {
              arguments: [JSON.stringify(request)],
              transientData,
              endorsingOrganizations: ['MobilityMSP', 'AuditMSP'],
            });
            const status = await submitted.getStatus();
            if (!status.successful) throw new Error(`RequestRide committed as ${status.code}`);
            device.lastRideId = (JSON.parse(utf8.decode(submitted.getResult())) as { rideId: string }).rideId;
          },
        };
      }
      case 'read devices.get':
        return { operation, run: async () => void (await this.contract.evaluateTransaction('devices:Get', device.key.address)) };
      case 'read rideshare.getRideAsParty': {
        const request: SignedDeviceRequest = await device.signer.sign('rideshare.readRide', { rideId: ride(device) }, { ttlMs: 60_000 });
        return { operation, run: async () => void (await this.contract.evaluateTransaction('rideshare:GetRideAsParty', JSON.stringify(request))) };
      }
      case 'read rideshare.getTerms':
        return { operation, run: async () => void (await this.contract.evaluateTransaction('rideshare:GetTerms', '')) };
    }
  }
}
