import { common, peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { consortium } from '../consortium/consortium';
import { buildEndorserTx, type BuiltTx } from '../ledger/testing/fixtures';
import { channelPoliciesOf } from '../policy';
import { blockHeaderHash } from '../protoutil/block';
import { AclProvider } from './acl';
import { BlockHashIndex } from './block-hash-index';
import { Qscc } from './qscc';
import { APPLICATION_ORGS, CHANNEL, createTestOrgs, proposalFor, TestChain, type TestOrgs } from './testing/scc-fixtures';

const { VALID, MVCC_READ_CONFLICT } = peer.TxValidationCode;

describe('qscc', function () {
  this.timeout(20_000);
  let orgs: TestOrgs;
  let chain: TestChain;
  let qscc: Qscc;
  let blocks: common.Block[];
  let valid: BuiltTx;
  let conflicted: BuiltTx;
  let later: BuiltTx;

  const invoke = (args: readonly (string | Uint8Array)[], who: 'oemClient' | 'oemPeer' | 'ordererNode' = 'oemClient', invokedName?: string) =>
    qscc.invoke(proposalFor(orgs[who], { chaincodeName: 'qscc', args, ...(invokedName ? { invokedName } : {}) }));
  const expectError = async (response: Promise<peer.Response>, message: string) => {
    const answer = await response;
    expect([answer.getStatus(), answer.getMessage()]).to.deep.equal([500, message]);
    expect(answer.getPayload_asU8()).to.have.length(0);
  };
  const payloadOf = async (response: Promise<peer.Response>): Promise<Uint8Array> => {
    const answer = await response;
    expect(answer.getStatus(), answer.getMessage()).to.equal(200);
    return answer.getPayload_asU8();
  };

  before(async () => {
    orgs = await createTestOrgs();
    chain = await TestChain.create(orgs);
    valid = buildEndorserTx({ writes: [{ key: 'device/1', value: 'v1' }] });
    conflicted = buildEndorserTx({ reads: [{ key: 'device/1' }], writes: [{ key: 'device/1', value: 'v2' }] });
    later = buildEndorserTx({ writes: [{ key: 'device/2', value: 'v1' }] });
    await chain.append([valid.envelopeBytes, conflicted.envelopeBytes], [VALID, MVCC_READ_CONFLICT]);
    await chain.append([later.envelopeBytes], [VALID]);
    blocks = await Promise.all([0, 1, 2].map((number) => chain.ledger.getBlockByNumber(number)));
    const acl = new AclProvider({ channelId: CHANNEL, localMspId: 'OemMSP', applicationOrgs: APPLICATION_ORGS, identities: orgs.msps, policies: channelPoliciesOf(consortium) });
    qscc = new Qscc({ channelId: CHANNEL, ledger: chain.ledger, hashIndex: new BlockHashIndex(chain.ledger), acl });
  });

  after(async () => {
    await chain.close();
  });

  it('GetChainInfo: the height, the hash of the last header and the previous hash it carries', async () => {
    const info = common.BlockchainInfo.deserializeBinary(await payloadOf(invoke(['GetChainInfo', CHANNEL])));
    const last = blocks[2]?.getHeader() as common.BlockHeader;
    expect(info.getHeight()).to.equal(3);
    expect(Buffer.from(info.getCurrentblockhash_asU8())).to.deep.equal(Buffer.from(blockHeaderHash(last)));
    expect(Buffer.from(info.getPreviousblockhash_asU8())).to.deep.equal(Buffer.from(blockHeaderHash(blocks[1]?.getHeader() as common.BlockHeader)));
    expect(info.hasBootstrappingsnapshotinfo()).to.equal(false);
  });

  it('GetBlockByNumber: the stored block, the last one for MaxUint64, and Fabric’s errors', async () => {
    expect(Buffer.from(await payloadOf(invoke(['GetBlockByNumber', CHANNEL, '1'])))).to.deep.equal(Buffer.from((blocks[1] as common.Block).serializeBinary()));
    const last = common.Block.deserializeBinary(await payloadOf(invoke(['GetBlockByNumber', CHANNEL, '18446744073709551615'])));
    expect(last.getHeader()?.getNumber()).to.equal(2);
    await expectError(invoke(['GetBlockByNumber', CHANNEL, '3']), 'Failed to get block number 3, error no such block number [3] in index');
    await expectError(invoke(['GetBlockByNumber', CHANNEL, '-1']), 'Failed to parse block number with error strconv.ParseUint: parsing "-1": invalid syntax');
  });

  it('GetBlockByHash: the block whose header hashes to the argument, including blocks committed after the first lookup', async () => {
    const hash = blockHeaderHash(blocks[1]?.getHeader() as common.BlockHeader);
    expect(common.Block.deserializeBinary(await payloadOf(invoke(['GetBlockByHash', CHANNEL, hash]))).getHeader()?.getNumber()).to.equal(1);
    await expectError(invoke(['GetBlockByHash', CHANNEL, 'nope']), 'Failed to get block hash nope, error no such block hash [6e6f7065] in index');
    const next = await chain.append([buildEndorserTx({ writes: [{ key: 'device/3', value: 'v1' }] }).envelopeBytes], [VALID]);
    const found = common.Block.deserializeBinary(await payloadOf(invoke(['GetBlockByHash', CHANNEL, blockHeaderHash(next.getHeader() as common.BlockHeader)])));
    expect(found.getHeader()?.getNumber()).to.equal(3);
  });

  it('GetTransactionByID: the envelope with its validation code, valid or not', async () => {
    const processed = peer.ProcessedTransaction.deserializeBinary(await payloadOf(invoke(['GetTransactionByID', CHANNEL, valid.txId])));
    expect(processed.getValidationcode()).to.equal(VALID);
    expect(Buffer.from(processed.getTransactionenvelope()?.serializeBinary() ?? [])).to.deep.equal(Buffer.from(valid.envelopeBytes));
    const invalid = peer.ProcessedTransaction.deserializeBinary(await payloadOf(invoke(['GetTransactionByID', CHANNEL, conflicted.txId])));
    expect(invalid.getValidationcode()).to.equal(MVCC_READ_CONFLICT);
    await expectError(invoke(['GetTransactionByID', CHANNEL, 'unknown-tx']), 'Failed to get transaction with id unknown-tx, error no such transaction ID [unknown-tx] in index');
  });

  it('GetBlockByTxID: the block holding the transaction', async () => {
    const block = common.Block.deserializeBinary(await payloadOf(invoke(['GetBlockByTxID', CHANNEL, later.txId])));
    expect(block.getHeader()?.getNumber()).to.equal(2);
    await expectError(invoke(['GetBlockByTxID', CHANNEL, '']), 'Failed to get block for txID , error no such transaction ID [] in index');
  });

  it('checks arguments, the calling chaincode, the channel and the ACL in Fabric’s order', async () => {
    await expectError(invoke(['GetChainInfo']), 'Incorrect number of arguments, 1');
    await expectError(invoke(['GetBlockByNumber', CHANNEL]), 'missing 3rd argument for GetBlockByNumber');
    await expectError(invoke(['GetChainInfo', CHANNEL], 'oemClient', 'mobility'), "Rejecting invoke of QSCC from another chaincode because of potential for deadlocks, original invocation for 'mobility'");
    await expectError(invoke(['GetChainInfo', 'other']), 'Invalid chain ID, other');
    await expectError(invoke(['GetBlocks', CHANNEL, '1']), 'access denied for [GetBlocks][mobility]: [Unmapped policy for qscc/GetBlocks]');
    await expectError(
      invoke(['GetChainInfo', CHANNEL], 'ordererNode'),
      'access denied for [GetChainInfo][mobility]: [Failed evaluating policy on signed data during check policy on channel [mobility] with policy [/Channel/Application/Readers]: ' +
        "[implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Readers' sub-policies to be satisfied]]",
    );
    // Peers are channel readers: they may query even though they cannot propose transactions.
    expect(await payloadOf(invoke(['GetChainInfo', CHANNEL], 'oemPeer'))).to.have.length.above(0);
  });
});
