import { toDevice } from '../lib/events';
import type { LedgerContext } from '../lib/context';
import { failedPrecondition, invalidArgument, notFound } from '../lib/errors';
import { parseJsonArgument } from '../lib/validate';
import { verifyDeviceRequestArgument } from '../devices/device-registry';
import type { AccountRecord, AccountRole, TermsRecord } from './ride-record-types';
import { OPERATOR } from './ride-notices';
import { accounts, CURRENT, currentTerms, requireOperatorEndorsement, termsVersionKey, termsVersions } from './rideshare-store';
import { AcceptTermsPayload, PublishTermsArg } from './rideshare-types';

/**
 * The ride agreement (FIG. 2 steps 202-210): the operator publishes versioned terms (a document
 * hash); each rider and driver account accepts the current version before any ride. A new version
 * supersedes the old one: accounts must accept again.
 */
export async function publishTerms(ctx: LedgerContext, argJson: string): Promise<TermsRecord> {
  const arg = parseJsonArgument(PublishTermsArg, argJson, 'terms');
  const current = await currentTerms.get(ctx, CURRENT);
  if (current && arg.version <= current.version) {
    throw invalidArgument('terms.version', `must be greater than the current version ${current.version}`);
  }
  const record: TermsRecord = { version: arg.version, documentHash: arg.documentHash, publishedAtMs: ctx.nowMs, publishedTxId: ctx.txId };
  await termsVersions.create(ctx, [termsVersionKey(record.version)], record);
  await currentTerms.put(ctx, CURRENT, record);
  if (!current) await requireOperatorEndorsement(ctx, currentTerms.key(ctx, CURRENT));
  await requireOperatorEndorsement(ctx, termsVersions.key(ctx, [termsVersionKey(record.version)]));
  ctx.events.emit('rideshare.TermsPublished', [OPERATOR], { version: record.version, documentHash: record.documentHash });
  return record;
}

export async function requireCurrentTermsRecord(ctx: LedgerContext): Promise<TermsRecord> {
  const current = await currentTerms.get(ctx, CURRENT);
  if (!current) throw failedPrecondition('terms', 'the operator has not published ride-share terms yet');
  return current;
}

/** A rider-phone or driver-phone accepts the current terms, signing their version and document hash. */
export async function acceptTerms(ctx: LedgerContext, requestJson: string): Promise<AccountRecord> {
  const { device, payload } = await verifyDeviceRequestArgument(ctx, requestJson, {
    action: 'rideshare.acceptTerms',
    payload: AcceptTermsPayload,
    deviceTypes: ['rider-phone', 'driver-phone'],
  });
  const current = await requireCurrentTermsRecord(ctx);
  if (payload.version !== current.version) {
    throw failedPrecondition('request.payload.version', `is not the current terms version ${current.version}`);
  }
  if (payload.documentHash !== current.documentHash) {
    throw invalidArgument('request.payload.documentHash', `is not the hash of terms version ${current.version}`);
  }
  const role: AccountRole = device.type === 'rider-phone' ? 'rider' : 'driver';
  const account: AccountRecord = {
    address: device.address,
    role,
    termsVersion: current.version,
    termsHash: current.documentHash,
    acceptedAtMs: ctx.nowMs,
    acceptedTxId: ctx.txId,
  };
  await accounts.put(ctx, [device.address], account);
  ctx.events.emit('rideshare.TermsAccepted', [toDevice(device.address), OPERATOR], { address: device.address, role, version: current.version });
  return account;
}

/**
 * Rides by parties who have not accepted the current terms are refused (paragraphs 33, 37, 41).
 * Returns the accepted version, which the ride records.
 */
export async function requireAcceptedCurrentTerms(ctx: LedgerContext, address: string, role: AccountRole, field: string): Promise<number> {
  const current = await requireCurrentTermsRecord(ctx);
  const account = await accounts.get(ctx, [address]);
  if (!account || account.role !== role) {
    throw failedPrecondition(field, `${role} account ${address} has not accepted the ride-share terms`);
  }
  if (account.termsVersion !== current.version) {
    throw failedPrecondition(field, `${role} account ${address} accepted terms version ${account.termsVersion}, superseded by version ${current.version}`);
  }
  return account.termsVersion;
}

export async function getTermsVersion(ctx: LedgerContext, version: number): Promise<TermsRecord> {
  const record = await termsVersions.get(ctx, [termsVersionKey(version)]);
  if (!record) throw notFound('version', `terms version ${version} was never published`);
  return record;
}
