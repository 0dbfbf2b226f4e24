import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import {
  computeTxId,
  decodeTxPvtRwSet,
  isKvWriteDelete,
  isKvWriteHashDelete,
  parseEnvelope,
  parseTransaction,
  TransactionFormatError,
} from './transaction';
import { buildConfigTx, buildEndorserTx, FIXTURE_CREATOR, sha256 } from '../ledger/testing/fixtures';

describe('protoutil/transaction', () => {
  it('computes the txID as hex(SHA-256(nonce || creator))', () => {
    const nonce = new Uint8Array([1, 2, 3]);
    const creator = new TextEncoder().encode('me');
    const expected = createHash('sha256').update(Buffer.from([1, 2, 3, 109, 101])).digest('hex');
    expect(computeTxId(nonce, creator)).to.equal(expected);
  });

  it('parses headers and the read/write set of an endorser transaction', () => {
    const nonce = new Uint8Array(24).fill(7);
    const built = buildEndorserTx({
      nonce,
      namespace: 'mobility',
      reads: [{ key: 'r1', version: { blockNum: 3, txNum: 4 } }, { key: 'absent' }],
      writes: [{ key: 'k1', value: 'v1' }, { key: 'gone' }],
      metadataWrites: [{ key: 'k1', entries: { VALIDATION_PARAMETER: new Uint8Array([5]) } }],
      collections: [{ collection: 'oemPrivate', writes: [{ key: 'p1', value: 'secret' }] }],
      timestampSeconds: 1234,
    });

    const parsed = parseTransaction(built.envelopeBytes);

    expect(parsed.channelHeader.type).to.equal(common.HeaderType.ENDORSER_TRANSACTION);
    expect(parsed.channelHeader.channelId).to.equal('mobility');
    expect(parsed.channelHeader.txId).to.equal(computeTxId(nonce, FIXTURE_CREATOR));
    expect(parsed.channelHeader.timestamp).to.deep.equal({ seconds: 1234, nanos: 0 });
    expect(Buffer.from(parsed.signatureHeader.creator)).to.deep.equal(Buffer.from(FIXTURE_CREATOR));
    expect(Buffer.from(parsed.signatureHeader.nonce)).to.deep.equal(Buffer.from(nonce));

    const action = parsed.actions?.[0];
    expect(action?.chaincodeId?.name).to.equal('mobility');
    expect(action?.response?.status).to.equal(200);
    expect(action?.endorsements).to.have.length(1);
    expect(action?.event).to.equal(undefined);
    const ns = action?.rwset.nsRwSets[0];
    expect(ns?.namespace).to.equal('mobility');
    expect(ns?.kvRwSet.reads).to.deep.equal([
      { key: 'r1', version: { blockNum: 3, txNum: 4 } },
      { key: 'absent', version: undefined },
    ]);
    expect(ns?.kvRwSet.writes.map((w) => [w.key, Buffer.from(w.value).toString(), w.isDelete])).to.deep.equal([
      ['k1', 'v1', false],
      ['gone', '', true],
    ]);
    expect(ns?.kvRwSet.metadataWrites[0]?.entries[0]?.name).to.equal('VALIDATION_PARAMETER');
    const coll = ns?.collHashedRwSets[0];
    expect(coll?.collectionName).to.equal('oemPrivate');
    expect(Buffer.from(coll?.hashedRwSet.hashedWrites[0]?.keyHash ?? [])).to.deep.equal(sha256('p1'));
    expect(Buffer.from(coll?.hashedRwSet.hashedWrites[0]?.valueHash ?? [])).to.deep.equal(sha256('secret'));

    const pvt = decodeTxPvtRwSet(built.pvtRwSetBytes ?? new Uint8Array());
    const collPvt = pvt.nsPvtRwSets[0]?.collPvtRwSets[0];
    expect(collPvt?.kvRwSet.writes[0]?.key).to.equal('p1');
    expect(sha256(collPvt?.rwsetBytes ?? new Uint8Array())).to.deep.equal(Buffer.from(coll?.pvtRwSetHash ?? []));
  });

  it('leaves actions undefined for non-endorser transactions', () => {
    const parsed = parseTransaction(buildConfigTx('cfg'));
    expect(parsed.channelHeader.type).to.equal(common.HeaderType.CONFIG);
    expect(parsed.channelHeader.txId).to.equal('cfg');
    expect(parsed.actions).to.equal(undefined);
  });

  it('follows Fabric on what counts as a delete', () => {
    expect(isKvWriteDelete({ key: 'a', isDelete: false, value: new Uint8Array() })).to.equal(true);
    expect(isKvWriteDelete({ key: 'a', isDelete: false, value: new Uint8Array([0]) })).to.equal(false);
    const write = { keyHash: new Uint8Array(32), isDelete: false, isPurge: false };
    expect(isKvWriteHashDelete({ ...write, valueHash: sha256(new Uint8Array()) })).to.equal(true);
    expect(isKvWriteHashDelete({ ...write, valueHash: sha256('x') })).to.equal(false);
  });

  it('throws TransactionFormatError on malformed input', () => {
    expect(() => parseEnvelope(new Uint8Array([0xff, 0xff, 0xff]))).to.throw(TransactionFormatError);
    expect(() => parseEnvelope(new common.Envelope().serializeBinary())).to.throw(TransactionFormatError, /no payload/);
    const envelope = new common.Envelope();
    // field 2 (data) only: a payload without a header
    envelope.setPayload(new Uint8Array([0x12, 0x01, 0x00]));
    expect(() => parseEnvelope(envelope.serializeBinary())).to.throw(TransactionFormatError, /no header/);
  });
});
