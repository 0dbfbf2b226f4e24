import { Info, Returns, Transaction } from 'fabric-contract-api';
import { verifyDeviceRequestArgument } from '../devices/device-registry';
import { LedgerContract } from '../lib/base-contract';
import { canonicalJson } from '../lib/canonical-json';
// A value import: decorator metadata must name LedgerContext so fabric-contract-api drops ctx from the parameters.
import { LedgerContext } from '../lib/context';
import { toDevice, toOrg } from '../lib/events';
import { parseJsonArgument } from '../lib/validate';
import { enroll, retire } from './crew';
import { DeviceArgs, EnrollArgs, VerificationPayload, type CrewRecord } from './crowd-types';
import { checksummedAddress as checksummed, indexKey } from './ids';
import { captures, crew } from './store';
import { submitVerification } from './verification';
import { listTasks } from './verifier-tasks';
import { requireLenderOrg, requireReader } from './vinaudit-access';

/**
 * VIN audit, part 3: crowd verification. The auditor org enrolls auditor and verifier devices with a
 * person reference; verifiers read the photos they are assigned (claim 1, second and third messages).
 */
@Info({ title: 'VIN audit: crowd', description: 'Crew enrollment, verification tasks and crowd readings' })
export class VinAuditCrowdContract extends LedgerContract {
  constructor() {
    super('vinaudit.crowd');
  }

  @Transaction()
  @Returns('string')
  async EnrollAuditor(ctx: LedgerContext, argJson: string): Promise<string> {
    return this.enrollAs(ctx, argJson, 'auditor');
  }

  @Transaction()
  @Returns('string')
  async EnrollVerifier(ctx: LedgerContext, argJson: string): Promise<string> {
    return this.enrollAs(ctx, argJson, 'verifier');
  }

  /** Takes an auditor or verifier out of service (a verifier leaves the pool; open tasks stay answerable). */
  @Transaction()
  @Returns('string')
  async Retire(ctx: LedgerContext, argJson: string): Promise<string> {
    requireLenderOrg(ctx, 'retire crew members');
    const args = parseJsonArgument(DeviceArgs, argJson, 'args');
    const record = await retire(ctx, checksummed(args.device, 'args.device'));
    ctx.events.emit('vinaudit.CrewRetired', [toDevice(record.device), toOrg(ctx.callerMspId)], { device: record.device, role: record.role });
    return canonicalJson(record);
  }

  @Transaction(false)
  @Returns('string')
  async GetCrewMember(ctx: LedgerContext, address: string): Promise<string> {
    requireReader(ctx, 'read crew members');
    return canonicalJson(await crew.require(ctx, [checksummed(address, 'address')]));
  }

  /** A verifier's open tasks with the photo hashes to fetch (never the auditor's reading or the recorded VIN). */
  @Transaction(false)
  @Returns('string')
  async ListTasks(ctx: LedgerContext, address: string): Promise<string> {
    requireReader(ctx, 'list verification tasks');
    const verifier = checksummed(address, 'address');
    const result: { auditId: string; captureIndex: number; attempt: number; photoHash: string }[] = [];
    for (const task of await listTasks(ctx, verifier)) {
      const capture = await captures.get(ctx, [task.auditId, indexKey(task.captureIndex)]);
      if (capture?.photoHash && capture.attempt === task.attempt) result.push({ ...task, photoHash: capture.photoHash });
    }
    return canonicalJson(result);
  }

  /** Claim 1, third messages: signed by the crowd-verifier device. */
  @Transaction()
  @Returns('string')
  async SubmitVerification(ctx: LedgerContext, requestJson: string): Promise<string> {
    const { device, payload } = await verifyDeviceRequestArgument(ctx, requestJson, {
      action: 'vinaudit.verify',
      payload: VerificationPayload,
      deviceTypes: ['crowd-verifier'],
    });
    return canonicalJson(await submitVerification(ctx, device, payload));
  }

  private async enrollAs(ctx: LedgerContext, argJson: string, role: CrewRecord['role']): Promise<string> {
    requireLenderOrg(ctx, `enroll ${role}s`);
    const record = await enroll(ctx, role, parseJsonArgument(EnrollArgs, argJson, 'args'));
    ctx.events.emit('vinaudit.CrewEnrolled', [toDevice(record.device), toOrg(ctx.callerMspId)], { device: record.device, role });
    return canonicalJson(record);
  }
}
