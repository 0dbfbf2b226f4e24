import { Info, Returns, Transaction } from 'fabric-contract-api';
import { computeAddress, getAddress } from 'ethers';
import { LedgerContract } from '../lib/base-contract';
import { canonicalJson } from '../lib/canonical-json';
// A value import: decorator metadata must name LedgerContext so fabric-contract-api drops ctx from the parameters.
import { LedgerContext } from '../lib/context';
import { failedPrecondition, invalidArgument, permissionDenied } from '../lib/errors';
import { toDevice, toOrg } from '../lib/events';
import { requireMember } from '../lib/access';
import { parseJsonArgument } from '../lib/validate';
import {
  consumeNonce,
  devices,
  devicesByOrg,
  verifyDeviceRequestArgument,
  verifyRequestSignature,
} from './device-registry';
import { signedRequestSchema } from './device-request';
import {
  DEVICE_VOUCHERS,
  DeviceStatusChange,
  RegisterDevicePayload,
  RevokeOwnDevicePayload,
  isVehicleComponent,
  type DeviceRecord,
  type DeviceStatus,
} from './device-types';

/**
 * Device registry: devices hold their own secp256k1 keys (no Fabric identity); an org vouches for
 * each one by submitting its registration, which the device itself signs to prove key possession.
 */
@Info({ title: 'Devices', description: 'Device registry: registration, suspension, revocation' })
export class DeviceContract extends LedgerContract {
  constructor() {
    super('devices');
  }

  @Transaction()
  @Returns('string')
  async Register(ctx: LedgerContext, requestJson: string): Promise<string> {
    const request = parseJsonArgument(signedRequestSchema(RegisterDevicePayload), requestJson, 'request');
    const signed = verifyRequestSignature(ctx, request, { action: 'devices.register', payload: RegisterDevicePayload });
    const { payload } = signed;
    let keyAddress: string;
    try {
      keyAddress = getAddress(computeAddress(payload.publicKey));
    } catch {
      throw invalidArgument('request.payload.publicKey', 'is not a valid secp256k1 public key');
    }
    if (keyAddress !== signed.device) {
      throw invalidArgument('request.device', 'must be the address of payload.publicKey');
    }
    const vouchers = DEVICE_VOUCHERS[payload.type];
    if (!vouchers.includes(ctx.callerMspId)) {
      throw permissionDenied('caller', `${ctx.callerMspId} may not vouch for a ${payload.type}; allowed: ${vouchers.join(', ')}`);
    }
    if (payload.vin && !isVehicleComponent(payload.type)) {
      throw invalidArgument('request.payload.vin', 'only vehicle components are bound to a VIN');
    }
    const record: DeviceRecord = {
      address: signed.device,
      publicKey: payload.publicKey.toLowerCase(),
      type: payload.type,
      org: ctx.callerMspId,
      status: 'active',
      vin: payload.vin,
      label: payload.label,
      registeredAtMs: ctx.nowMs,
      registeredTxId: ctx.txId,
      updatedAtMs: ctx.nowMs,
    };
    await devices.create(ctx, [record.address], record);
    await devicesByOrg.add(ctx, [record.org, record.type, record.address]);
    await consumeNonce(ctx, record.address, signed.nonce, 'request.nonce');
    ctx.events.emit('devices.Registered', [toDevice(record.address), toOrg(record.org)], {
      address: record.address,
      type: record.type,
      org: record.org,
    });
    return canonicalJson(record);
  }

  @Transaction()
  @Returns('string')
  async Suspend(ctx: LedgerContext, changeJson: string): Promise<string> {
    return this.changeStatus(ctx, changeJson, 'suspended', ['active']);
  }

  @Transaction()
  @Returns('string')
  async Reinstate(ctx: LedgerContext, changeJson: string): Promise<string> {
    return this.changeStatus(ctx, changeJson, 'active', ['suspended']);
  }

  @Transaction()
  @Returns('string')
  async Revoke(ctx: LedgerContext, changeJson: string): Promise<string> {
    return this.changeStatus(ctx, changeJson, 'revoked', ['active', 'suspended']);
  }

  /** A device revokes its own key (lost or replaced phone), signed with that key. */
  @Transaction()
  @Returns('string')
  async RevokeOwn(ctx: LedgerContext, requestJson: string): Promise<string> {
    const { device, payload } = await verifyDeviceRequestArgument(ctx, requestJson, {
      action: 'devices.revokeOwn',
      payload: RevokeOwnDevicePayload,
    });
    const updated = await this.writeStatus(ctx, device, 'revoked', payload.reason);
    return canonicalJson(updated);
  }

  @Transaction(false)
  @Returns('string')
  async Get(ctx: LedgerContext, address: string): Promise<string> {
    requireMember(ctx, 'read devices');
    let checksummed: string;
    try {
      checksummed = getAddress(address);
    } catch {
      throw invalidArgument('address', 'must be a 0x-prefixed 20-byte hex address');
    }
    return canonicalJson(await devices.require(ctx, [checksummed]));
  }

  /** Devices vouched for by an org, optionally of one type. */
  @Transaction(false)
  @Returns('string')
  async ListByOrg(ctx: LedgerContext, mspId: string, type: string): Promise<string> {
    requireMember(ctx, 'list devices');
    const prefix = type ? [mspId, type] : [mspId];
    const entries = await devicesByOrg.list(ctx, prefix);
    const records: DeviceRecord[] = [];
    for (const [, , address] of entries) {
      if (address) records.push(await devices.require(ctx, [address]));
    }
    return canonicalJson(records);
  }

  @Transaction(false)
  @Returns('string')
  async History(ctx: LedgerContext, address: string): Promise<string> {
    requireMember(ctx, 'read device history');
    return canonicalJson(await devices.history(ctx, [getAddress(address)]));
  }

  private async changeStatus(
    ctx: LedgerContext,
    changeJson: string,
    next: DeviceStatus,
    from: readonly DeviceStatus[],
  ): Promise<string> {
    const change = parseJsonArgument(DeviceStatusChange, changeJson, 'change');
    const device = await devices.require(ctx, [getAddress(change.address)]);
    if (device.org !== ctx.callerMspId) {
      throw permissionDenied('caller', `only ${device.org}, which vouched for the device, may change its status`);
    }
    if (!from.includes(device.status)) {
      throw failedPrecondition('device.status', `is ${device.status}; must be ${from.join(' or ')}`);
    }
    return canonicalJson(await this.writeStatus(ctx, device, next, change.reason));
  }

  private async writeStatus(
    ctx: LedgerContext,
    device: DeviceRecord,
    status: DeviceStatus,
    reason: string,
  ): Promise<DeviceRecord> {
    const updated: DeviceRecord = { ...device, status, statusReason: reason, updatedAtMs: ctx.nowMs };
    await devices.put(ctx, [device.address], updated);
    ctx.events.emit(`devices.${status === 'active' ? 'Reinstated' : status === 'suspended' ? 'Suspended' : 'Revoked'}`, [toDevice(device.address), toOrg(device.org)], {
      address: device.address,
      status,
      reason,
    });
    return updated;
  }
}
