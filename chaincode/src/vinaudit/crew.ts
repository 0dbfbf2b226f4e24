import type { Static } from '@sinclair/typebox';
import { devices, requireActiveDevice } from '../devices/device-registry';
import type { LedgerContext } from '../lib/context';
import { alreadyExists, failedPrecondition, invalidArgument, notFound, permissionDenied } from '../lib/errors';
import type { CrewRecord, CrewRole, EnrollArgs } from './crowd-types';
import type { Candidate } from './crowd-assignment';
import { checksummedAddress } from './ids';
import { crew, verifierPool } from './store';

const DEVICE_TYPE_OF: Readonly<Record<CrewRole, string>> = { auditor: 'auditor-phone', verifier: 'crowd-verifier' };

/** The auditor org binds a registered device to a person reference, as an auditor or a crowd verifier. */
export async function enroll(ctx: LedgerContext, role: CrewRole, args: Static<typeof EnrollArgs>): Promise<CrewRecord> {
  const device = await requireActiveDevice(ctx, checksummedAddress(args.device, 'args.device'), 'args.device');
  if (device.type !== DEVICE_TYPE_OF[role]) {
    throw invalidArgument('args.device', `a ${role} enrolls a ${DEVICE_TYPE_OF[role]}, not a ${device.type}`);
  }
  const existing = await crew.get(ctx, [device.address]);
  if (existing?.active) throw alreadyExists('args.device', `is already enrolled as ${existing.role}`);
  const record: CrewRecord = {
    device: device.address,
    role,
    personRef: args.personRef,
    enrolledBy: ctx.callerMspId,
    active: true,
    enrolledAtMs: existing?.enrolledAtMs ?? ctx.nowMs,
    updatedAtMs: ctx.nowMs,
  };
  await crew.put(ctx, [device.address], record);
  if (role === 'verifier') await verifierPool.add(ctx, [device.address]);
  return record;
}

export async function retire(ctx: LedgerContext, address: string): Promise<CrewRecord> {
  const record = await crew.get(ctx, [address]);
  if (!record) throw notFound('args.device', `${address} is not enrolled`);
  if (!record.active) throw failedPrecondition('crew.active', 'is already retired');
  const updated: CrewRecord = { ...record, active: false, updatedAtMs: ctx.nowMs };
  await crew.put(ctx, [record.device], updated);
  if (record.role === 'verifier') await verifierPool.remove(ctx, [record.device]);
  return updated;
}

/** An active enrollment in the given role, or PERMISSION_DENIED naming the field. */
export async function requireCrew(ctx: LedgerContext, address: string, role: CrewRole, field: string): Promise<CrewRecord> {
  const record = await crew.get(ctx, [address]);
  if (!record || !record.active || record.role !== role) throw permissionDenied(field, `is not an enrolled ${role}`);
  return record;
}

/** Enrolled verifiers whose devices are still registered and active, in key order. */
export async function verifierCandidates(ctx: LedgerContext): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  for (const [address] of await verifierPool.list(ctx, [])) {
    if (!address) continue;
    const device = await devices.get(ctx, [address]);
    const record = await crew.get(ctx, [address]);
    if (device?.status === 'active' && device.type === 'crowd-verifier' && record?.active) {
      candidates.push({ device: address, personRef: record.personRef });
    }
  }
  return candidates;
}
