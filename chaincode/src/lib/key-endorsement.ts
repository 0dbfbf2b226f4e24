import type { Static, TSchema } from '@sinclair/typebox';
import { KeyEndorsementPolicy } from 'fabric-shim';
import type { LedgerContext } from './context';
import type { RecordStore } from './state';

/**
 * State-based endorsement: from the next transaction on, changes to this key need a peer of the
 * given org among the endorsers, whatever the chaincode-level policy says.
 */
export async function requireOrgEndorsement(ctx: LedgerContext, key: string, mspId: string): Promise<void> {
  const policy = new KeyEndorsementPolicy();
  policy.addOrgs('PEER', mspId);
  await ctx.stub.setStateValidationParameter(key, policy.getPolicy());
}

/** Creates a record that only transactions endorsed by the given org may change afterwards. */
export async function createEndorsedBy<S extends TSchema>(
  ctx: LedgerContext,
  store: RecordStore<S>,
  keyParts: readonly string[],
  record: Static<S>,
  mspId: string,
): Promise<void> {
  await store.create(ctx, keyParts, record);
  await requireOrgEndorsement(ctx, store.key(ctx, keyParts), mspId);
}
