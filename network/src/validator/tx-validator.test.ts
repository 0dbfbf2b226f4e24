import { peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { compareKeys } from '../protoutil/key-order';
import type { CommittedStateView, ValidationPolicies, Version } from './ports';
import { TestIdentity, blockOf, buildTransaction } from './testing/transaction-builder';
import { validateBlock } from './tx-validator';
import { committedTxsFromBlock } from '../ledger/committed-tx';
import { setTransactionsFilter } from '../ledger/transactions-filter';

const Code = peer.TxValidationCode;

class MemoryState implements CommittedStateView {
  readonly versions = new Map<string, Version>();
  readonly parameters = new Map<string, Uint8Array>();
  readonly txIds = new Set<string>();
  async getVersion(_ns: string, key: string) {
    return this.versions.get(key);
  }
  async getValidationParameter(_ns: string, key: string) {
    return this.parameters.get(key);
  }
  async *rangeVersions(_ns: string, start: string, end: string) {
    const keys = [...this.versions.keys()].filter((k) => compareKeys(k, start) >= 0 && (end === '' || compareKeys(k, end) < 0)).sort(compareKeys);
    for (const key of keys) yield { key, version: this.versions.get(key) as Version };
  }
  async getHashedVersion() {
    return undefined;
  }
  async getHashedValidationParameter() {
    return undefined;
  }
  async hasTransaction(txId: string) {
    return this.txIds.has(txId);
  }
}

const oem = new TestIdentity('OemMSP', 'peer0.oem');
const mobility = new TestIdentity('MobilityMSP', 'peer0.mobility');
const audit = new TestIdentity('AuditMSP', 'peer0.audit');
const client = new TestIdentity('MobilityMSP', 'user1.mobility');
const known = [oem, mobility, audit, client];

/** MAJORITY of three orgs for the chaincode; key policies in tests are the text `org:<MSP>`. */
const policies: ValidationPolicies<TestIdentity> = {
  deserializeIdentity(serialized) {
    const identity = known.find((candidate) => Buffer.from(candidate.serialized).equals(Buffer.from(serialized)));
    if (!identity) throw new Error('unknown identity');
    return identity;
  },
  chaincodePolicySatisfied: (endorsers) => new Set(endorsers.map((e) => e.mspId)).size >= 2,
  keyPolicySatisfied: (policy, endorsers) => endorsers.some((e) => `org:${e.mspId}` === Buffer.from(policy).toString()),
};

async function validate(state: MemoryState, number: number, envelopes: Uint8Array[]) {
  return validateBlock(blockOf(number, envelopes), { channelId: 'mobility', chaincodeName: 'mobility', state, policies });
}

describe('validateBlock', () => {
  let state: MemoryState;
  beforeEach(() => {
    state = new MemoryState();
    state.versions.set('car', { blockNum: 1, txNum: 0 });
  });

  it('accepts a well-endorsed transaction whose reads are current', async () => {
    const tx = buildTransaction({ creator: client, endorsers: [oem, audit], reads: [{ key: 'car', version: { blockNum: 1, txNum: 0 } }], writes: [{ key: 'car', value: 'v2' }] });
    const result = await validate(state, 2, [tx.envelope]);
    expect([...result.codes]).to.deep.equal([Code.VALID]);
    expect(result.valid.map((v) => v.txId)).to.deep.equal([tx.txId]);
  });

  it('flags a stale read, and the second of two writers of the same key in one block', async () => {
    const stale = buildTransaction({ creator: client, endorsers: [oem, audit], reads: [{ key: 'car', version: { blockNum: 0, txNum: 3 } }], writes: [{ key: 'car' }] });
    const first = buildTransaction({ creator: client, endorsers: [oem, audit], reads: [{ key: 'car', version: { blockNum: 1, txNum: 0 } }], writes: [{ key: 'car' }] });
    const second = buildTransaction({ creator: client, endorsers: [oem, audit], reads: [{ key: 'car', version: { blockNum: 1, txNum: 0 } }], writes: [{ key: 'car' }] });
    const result = await validate(state, 2, [stale.envelope, first.envelope, second.envelope]);
    expect([...result.codes]).to.deep.equal([Code.MVCC_READ_CONFLICT, Code.VALID, Code.MVCC_READ_CONFLICT]);
  });

  it('flags a phantom: a key inserted into a range read earlier in the block', async () => {
    const insert = buildTransaction({ creator: client, endorsers: [oem, audit], writes: [{ key: 'cas' }] });
    const scan = buildTransaction({
      creator: client,
      endorsers: [oem, audit],
      rangeQueries: [{ start: 'ca', end: 'cb', exhausted: true, reads: [{ key: 'car', version: { blockNum: 1, txNum: 0 } }] }],
      writes: [{ key: 'summary' }],
    });
    const result = await validate(state, 2, [insert.envelope, scan.envelope]);
    expect([...result.codes]).to.deep.equal([Code.VALID, Code.PHANTOM_READ_CONFLICT]);
  });

  it('flags too few endorsing orgs, and does not count a forged endorsement', async () => {
    const one = buildTransaction({ creator: client, endorsers: [oem, oem], writes: [{ key: 'k' }] });
    const forger = new TestIdentity('AuditMSP', 'not-the-audit-peer');
    const forged = buildTransaction({ creator: client, endorsers: [oem, forger], writes: [{ key: 'k2' }] });
    const result = await validate(state, 2, [one.envelope, forged.envelope]);
    expect([...result.codes]).to.deep.equal([Code.ENDORSEMENT_POLICY_FAILURE, Code.ENDORSEMENT_POLICY_FAILURE]);
  });

  it('applies a key-level policy instead of the chaincode policy, including one set earlier in the block', async () => {
    state.parameters.set('car', Buffer.from('org:OemMSP'));
    const withoutOem = buildTransaction({ creator: client, endorsers: [mobility, audit], writes: [{ key: 'car' }] });
    const oemOnly = buildTransaction({ creator: client, endorsers: [oem], writes: [{ key: 'car' }] });
    const setPolicy = buildTransaction({ creator: client, endorsers: [oem, audit], validationParameterWrites: [{ key: 'new', policy: Buffer.from('org:AuditMSP') }] });
    const needsAudit = buildTransaction({ creator: client, endorsers: [oem, mobility], writes: [{ key: 'new' }] });
    const result = await validate(state, 2, [withoutOem.envelope, oemOnly.envelope, setPolicy.envelope, needsAudit.envelope]);
    expect([...result.codes]).to.deep.equal([Code.ENDORSEMENT_POLICY_FAILURE, Code.VALID, Code.VALID, Code.ENDORSEMENT_POLICY_FAILURE]);
  });

  it('flags a bad creator signature, a foreign channel, a wrong namespace write and duplicate txIDs', async () => {
    const badSignature = buildTransaction({ creator: client, endorsers: [oem, audit], writes: [{ key: 'a' }], tamperCreatorSignature: true });
    const otherChannel = buildTransaction({ creator: client, endorsers: [oem, audit], writes: [{ key: 'a' }], channel: 'other' });
    const otherChaincode = buildTransaction({ creator: client, endorsers: [oem, audit], writes: [{ key: 'a' }], chaincode: 'other' });
    const nonce = Buffer.from('same-nonce-same-creator!');
    const original = buildTransaction({ creator: client, endorsers: [oem, audit], writes: [{ key: 'b' }], nonce });
    const replay = buildTransaction({ creator: client, endorsers: [oem, audit], writes: [{ key: 'c' }], nonce });
    state.txIds.add('committed-before');
    const result = await validate(state, 2, [badSignature.envelope, otherChannel.envelope, otherChaincode.envelope, original.envelope, replay.envelope, new Uint8Array()]);
    expect([...result.codes]).to.deep.equal([
      Code.BAD_CREATOR_SIGNATURE,
      Code.TARGET_CHAIN_NOT_FOUND,
      Code.INVALID_CHAINCODE,
      Code.VALID,
      Code.DUPLICATE_TXID,
      Code.NIL_ENVELOPE,
    ]);
  });

  it('hands the committer every transaction as committedTxsFromBlock would decode it from the stored block', async () => {
    const valid = buildTransaction({ creator: client, endorsers: [oem, audit], reads: [{ key: 'car', version: { blockNum: 1, txNum: 0 } }], writes: [{ key: 'car', value: 'v2' }, { key: 'gone', isDelete: true }], validationParameterWrites: [{ key: 'car', policy: Buffer.from('org:OemMSP') }] });
    const stale = buildTransaction({ creator: client, endorsers: [oem, audit], reads: [{ key: 'car', version: { blockNum: 0, txNum: 3 } }], writes: [{ key: 'x', value: 'y' }] });
    const badSignature = buildTransaction({ creator: client, endorsers: [oem, audit], writes: [{ key: 'a' }], tamperCreatorSignature: true });
    const block = blockOf(2, [valid.envelope, stale.envelope, badSignature.envelope, new Uint8Array()]);
    const result = await validateBlock(block, { channelId: 'mobility', chaincodeName: 'mobility', state, policies });
    setTransactionsFilter(block, [...result.codes]);
    expect(result.committed.map((tx) => tx.validationCode)).to.deep.equal([Code.VALID, Code.MVCC_READ_CONFLICT, Code.BAD_CREATOR_SIGNATURE, Code.NIL_ENVELOPE]);
    expect(result.committed).to.deep.equal(committedTxsFromBlock(block));
  });

  it("counts each transaction as Fabric's ledger does: type and chaincode once past the policy check, 'unknown' before", async () => {
    const valid = buildTransaction({ creator: client, endorsers: [oem, audit], writes: [{ key: 'car', value: 'v2' }] });
    const stale = buildTransaction({ creator: client, endorsers: [oem, audit], reads: [{ key: 'car', version: { blockNum: 0, txNum: 3 } }], writes: [{ key: 'x' }] });
    const underEndorsed = buildTransaction({ creator: client, endorsers: [oem], writes: [{ key: 'y' }] });
    const result = await validate(state, 2, [valid.envelope, stale.envelope, underEndorsed.envelope, new Uint8Array()]);
    expect(result.stats).to.deep.equal([
      { transactionType: 'ENDORSER_TRANSACTION', chaincode: 'mobility:1.0', validationCode: Code.VALID },
      { transactionType: 'ENDORSER_TRANSACTION', chaincode: 'mobility:1.0', validationCode: Code.MVCC_READ_CONFLICT },
      { transactionType: 'unknown', chaincode: 'unknown', validationCode: Code.ENDORSEMENT_POLICY_FAILURE },
      { transactionType: 'unknown', chaincode: 'unknown', validationCode: Code.NIL_ENVELOPE },
    ]);
  });
});
