/**
 * Offline verification of an evidence bundle, with no network access: header chain to the trusted
 * checkpoint, data hashes, orderer signatures against the orderer org CA of the config block,
 * creator and endorsement signatures against the org CAs, the endorsement policy (from the lifecycle
 * definition the transaction read, or the channel default) satisfied, validation code VALID, and the
 * claimed value being the one the transaction wrote. The first failing check rejects the bundle.
 */
import { peer } from '@hyperledger/fabric-protos';
import { lastConfigIndexOf } from '@mobility-ledger/network/dist/orderer/block-signature';
import { isKvWriteDelete } from '@mobility-ledger/network/dist/protoutil/transaction';
import type { common } from '@hyperledger/fabric-protos';
import { displayKey } from '../trail/display-key';
import { assembleBlock } from './assembled-block';
import { checkDataHash, checkOrdererSignatures } from './block-checks';
import { decodeBase64, parseBundle, type EvidenceBundle } from './bundle-format';
import type { VerifiedIdentity } from './channel-identities';
import { BLOCK_VALIDATION_POLICY, ChannelTrust } from './channel-trust';
import {
  committedPolicyOf,
  DEFAULT_ENDORSEMENT_POLICY,
  definitionReadOf,
  describePolicyStatement,
  policyEvaluator,
  samePolicyStatement,
  type PolicyStatement,
} from './endorsement-policy';
import { HeaderChain } from './header-chain';
import { checkEndorserTransaction, type CheckedTransaction } from './transaction-checks';
import type { TrustAnchor } from './trust-anchor';
import type { IdentitySummary, VerifiedEvidence } from './verified-evidence';
import { reject, VerificationError, type RejectionReason } from './verification-error';

export interface VerifyOptions {
  /**
   * The policy expected when the ledger holds no lifecycle definition of the chaincode (the embedded
   * network): Fabric's default /Channel/Application/Endorsement unless the auditor knows otherwise.
   */
  readonly defaultPolicy?: PolicyStatement;
}

export type VerificationOutcome =
  | { readonly ok: true; readonly evidence: VerifiedEvidence }
  | { readonly ok: false; readonly reason: RejectionReason; readonly message: string; readonly blockNumber?: number };

/** Never throws for a bad bundle: returns the reason instead. */
export function checkBundle(bundle: unknown, anchor: TrustAnchor, options: VerifyOptions = {}): VerificationOutcome {
  try {
    return { ok: true, evidence: verifyBundle(bundle, anchor, options) };
  } catch (error) {
    if (error instanceof VerificationError) {
      return { ok: false, reason: error.reason, message: error.message, ...(error.blockNumber === undefined ? {} : { blockNumber: error.blockNumber }) };
    }
    throw error;
  }
}

const VALID = peer.TxValidationCode.VALID;

function summary(identity: VerifiedIdentity): IdentitySummary {
  return { mspId: identity.mspId, commonName: identity.commonName };
}

function certificateRef(identity: VerifiedIdentity): { mspId: string; certificatePem: string } {
  return { mspId: identity.mspId, certificatePem: identity.certificatePem };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

class BundleBlocks {
  private readonly byNumber = new Map<number, common.Block>();

  constructor(bundle: EvidenceBundle, chain: HeaderChain) {
    for (const entry of bundle.blocks) {
      if (this.byNumber.has(entry.number)) reject('FORMAT', 'the bundle carries this block twice', entry.number);
      // The genesis block is not signed (its metadata proves nothing), so a bundle carries none for it.
      if (entry.number === 0 && entry.signatures !== '') reject('FORMAT', 'the genesis block carries no signature metadata in a bundle', 0);
      const data = entry.data.map((text, index) => decodeBase64(text, `transaction ${index} of block ${entry.number}`));
      const block = assembleBlock(chain.header(entry.number), data, decodeBase64(entry.signatures, `signatures of block ${entry.number}`));
      checkDataHash(block);
      this.byNumber.set(entry.number, block);
    }
  }

  get(blockNumber: number, role: string): common.Block {
    const block = this.byNumber.get(blockNumber);
    if (!block) return reject('FORMAT', `the bundle lacks block ${blockNumber} (${role})`);
    return block;
  }

  all(): common.Block[] {
    return [...this.byNumber.values()];
  }
}

function transactionAt(block: common.Block, txNumber: number, blockNumber: number, trust: ChannelTrust, what: string): CheckedTransaction {
  const envelope = block.getData()?.getDataList_asU8()[txNumber];
  if (!envelope) return reject('FORMAT', `block has no transaction ${txNumber} (${what})`, blockNumber);
  return checkEndorserTransaction(envelope, trust, blockNumber, what);
}

/** The policy in force for the record transaction, checked against what the transaction itself read. */
function checkPolicySource(bundle: EvidenceBundle, record: CheckedTransaction, blocks: BundleBlocks, trust: ChannelTrust, options: VerifyOptions): string {
  const { statement, source } = bundle.endorsementPolicy;
  const read = definitionReadOf(record.action, bundle.chaincode);
  if (read.kind === 'committed') {
    const at = `${read.version.blockNum}:${read.version.txNum}`;
    if (source.type !== 'lifecycle') reject('ENDORSEMENT_POLICY', `the transaction read the chaincode definition committed at ${at}; the bundle claims the channel default`);
    if (source.blockNumber !== read.version.blockNum || source.txNumber !== read.version.txNum) {
      reject('ENDORSEMENT_POLICY', `the transaction read the definition committed at ${at}, the bundle names ${source.blockNumber}:${source.txNumber}`);
    }
    const lifecycle = transactionAt(blocks.get(source.blockNumber, 'chaincode definition'), source.txNumber, source.blockNumber, trust, 'lifecycle transaction');
    if (lifecycle.txId !== source.txId) reject('RECORD_MISMATCH', `lifecycle transaction is ${lifecycle.txId}, not ${source.txId}`, source.blockNumber);
    if (source.validationCode !== VALID) reject('VALIDATION_CODE', `lifecycle transaction ${source.txId} is not VALID (code ${source.validationCode})`, source.blockNumber);
    const committed = committedPolicyOf(lifecycle.action, bundle.chaincode);
    if (!committed) return reject('ENDORSEMENT_POLICY', `lifecycle transaction ${source.txId} does not define ${bundle.chaincode}'s validation info`, source.blockNumber);
    if (!samePolicyStatement(committed, statement)) {
      reject('ENDORSEMENT_POLICY', `the bundle states ${describePolicyStatement(statement)}, the definition committed ${describePolicyStatement(committed)}`, source.blockNumber);
    }
    return `chaincode definition committed in block ${source.blockNumber} tx ${source.txNumber}`;
  }
  if (source.type !== 'channel-default') reject('ENDORSEMENT_POLICY', 'the transaction read no committed chaincode definition; the bundle claims one');
  const expected = options.defaultPolicy ?? { type: 'reference', path: DEFAULT_ENDORSEMENT_POLICY };
  if (!samePolicyStatement(statement, expected)) {
    reject('ENDORSEMENT_POLICY', `without a lifecycle definition the policy is ${describePolicyStatement(expected)}, the bundle states ${describePolicyStatement(statement)}`);
  }
  return 'channel default (no chaincode definition on the ledger)';
}

function checkRecordWrite(bundle: EvidenceBundle, record: CheckedTransaction): Buffer {
  const claim = bundle.record;
  const ns = record.action.rwset.nsRwSets.find((candidate) => candidate.namespace === claim.namespace);
  const write = ns?.kvRwSet.writes.find((candidate) => candidate.key === claim.key);
  if (!write) return reject('RECORD_MISMATCH', `transaction ${record.txId} does not write ${claim.namespace}/${claim.keyDisplay}`, claim.blockNumber);
  const value = decodeBase64(claim.valueBase64, 'record value');
  if (isKvWriteDelete(write) !== claim.isDelete) {
    reject('RECORD_MISMATCH', `the transaction ${isKvWriteDelete(write) ? 'deletes' : 'writes'} the key; the bundle claims ${claim.isDelete ? 'a delete' : 'a value'}`, claim.blockNumber);
  }
  if (!claim.isDelete && !value.equals(write.value)) reject('RECORD_MISMATCH', `the value claimed is not the value transaction ${record.txId} wrote`, claim.blockNumber);
  if (claim.keyDisplay !== displayKey(claim.key)) reject('SUMMARY_MISMATCH', `keyDisplay '${claim.keyDisplay}' is not the key '${displayKey(claim.key)}'`);
  return value;
}

function checkSummaries(bundle: EvidenceBundle, record: CheckedTransaction, orderers: readonly VerifiedIdentity[], trust: ChannelTrust, policyDescription: string): void {
  const expectedCertificates = {
    creator: certificateRef(record.creator),
    endorsers: record.endorsers.map(certificateRef),
    orderers: orderers.map(certificateRef),
  };
  if (!sameJson(bundle.certificates, expectedCertificates)) reject('SUMMARY_MISMATCH', 'the certificates listed are not those that signed the transaction and its block');
  const expectedConfig = {
    rootCertificates: trust.rootCertificatesPem(),
    blockValidationPolicy: trust.policies.get(BLOCK_VALIDATION_POLICY).description,
    endorsementPolicy: policyDescription,
  };
  if (!sameJson(bundle.channelConfig, expectedConfig)) reject('SUMMARY_MISMATCH', 'the channel config summary does not match the config block');
}

/** Verifies a bundle against a trusted checkpoint; throws VerificationError naming the first failed check. */
export function verifyBundle(input: unknown, trustAnchor: TrustAnchor, options: VerifyOptions = {}): VerifiedEvidence {
  const bundle = parseBundle(input);
  const chain = HeaderChain.decode(bundle.headers.first, bundle.headers.headers);
  const anchor = chain.anchor(trustAnchor);
  if (!chain.covers(bundle.checkpoint.blockNumber) || chain.hash(bundle.checkpoint.blockNumber).toString('hex') !== bundle.checkpoint.headerHash) {
    reject('SUMMARY_MISMATCH', `the bundle's checkpoint ${bundle.checkpoint.blockNumber}:${bundle.checkpoint.headerHash} is not in its header chain`);
  }
  const blocks = new BundleBlocks(bundle, chain);

  const configBlock = blocks.get(bundle.config.blockNumber, 'channel config');
  const trust = ChannelTrust.fromConfigBlock(configBlock);
  if (trust.channelId !== bundle.channel) reject('CONFIG', `config block is of channel '${trust.channelId}', not '${bundle.channel}'`, bundle.config.blockNumber);
  const recordBlockNumber = bundle.record.blockNumber;
  const recordBlock = blocks.get(recordBlockNumber, 'record transaction');

  // Signatures first: the metadata they cover (last config index) is only read once it is authentic.
  let recordOrderers: VerifiedIdentity[] = [];
  for (const block of blocks.all()) {
    const number = block.getHeader()?.getNumber() ?? 0;
    if (number === 0) continue; // Fabric's genesis block is not signed; the chain anchors it.
    const signers = checkOrdererSignatures(block, trust);
    if (number === recordBlockNumber) recordOrderers = signers;
  }
  const lastConfig = lastConfigIndexOf(recordBlock);
  if (lastConfig !== bundle.config.blockNumber) reject('CONFIG', `the block's signed metadata names config block ${lastConfig}, the bundle uses ${bundle.config.blockNumber}`, recordBlockNumber);

  const record = transactionAt(recordBlock, bundle.record.txNumber, recordBlockNumber, trust, 'record transaction');
  if (record.txId !== bundle.record.txId) reject('RECORD_MISMATCH', `transaction ${bundle.record.txNumber} is ${record.txId}, not ${bundle.record.txId}`, recordBlockNumber);
  if (record.action.chaincodeId?.name !== bundle.chaincode) reject('RECORD_MISMATCH', `the transaction invoked '${record.action.chaincodeId?.name}', not '${bundle.chaincode}'`, recordBlockNumber);
  if (bundle.record.validationCode !== VALID) reject('VALIDATION_CODE', `the transaction was committed as invalid (code ${bundle.record.validationCode})`, recordBlockNumber);

  const policySource = checkPolicySource(bundle, record, blocks, trust, options);
  const policy = policyEvaluator(bundle.endorsementPolicy.statement, trust);
  if (!policy.evaluate(record.endorsers)) {
    reject('ENDORSEMENT_POLICY', `endorsers [${record.endorsers.map((endorser) => endorser.mspId).join(', ')}] do not satisfy ${policy.description}`, recordBlockNumber);
  }
  const value = checkRecordWrite(bundle, record);
  checkSummaries(bundle, record, recordOrderers, trust, policy.description);

  return {
    channel: bundle.channel,
    chaincode: bundle.chaincode,
    record: { namespace: bundle.record.namespace, key: bundle.record.key, keyDisplay: bundle.record.keyDisplay, value, isDelete: bundle.record.isDelete },
    transaction: {
      txId: record.txId,
      blockNumber: recordBlockNumber,
      txNumber: bundle.record.txNumber,
      timestamp: new Date(record.timestampMs).toISOString(),
      creator: summary(record.creator),
      endorsers: record.endorsers.map(summary),
    },
    orderers: recordOrderers.map(summary),
    endorsementPolicy: { description: policy.description, source: policySource },
    anchor: { blockNumber: anchor.blockNumber, headerHash: anchor.headerHash.toString('hex'), trusted: trustAnchor.type },
    headerChain: { first: chain.first, last: chain.last },
    configBlock: bundle.config.blockNumber,
  };
}
