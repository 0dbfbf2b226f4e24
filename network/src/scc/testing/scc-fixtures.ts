/**
 * Test support for the system chaincodes: the consortium's orgs with in-memory CAs and identities a
 * real MSP manager validates, signed proposals as a Fabric client builds them, and a real ledger
 * whose chain starts with the consortium's genesis block.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { common, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { consortium } from '../../consortium/consortium';
import { unpackProposal, type UnpackedProposal } from '../../endorser/unpacked-proposal';
import { committedTxsFromBlock, KvLedger, setTransactionsFilter, type CommittedTx } from '../../ledger';
import { MspManager, type SigningIdentity } from '../../msp';
import { createTestCa, issueTestIdentity } from '../../msp/testing/test-pki';
import { BlockWriter, tipAfter } from '../../orderer/block-writer';
import { createGenesisBlock } from '../../orderer/genesis';
import { createTestSigner } from '../../orderer/testing/p256-signer';
import { computeTxId } from '../../protoutil/transaction';

export const CHANNEL = consortium.channelName;
export const APPLICATION_ORGS = consortium.peerOrgs.map((org) => org.mspId);

export interface TestOrgs {
  readonly msps: MspManager;
  readonly certificates: Readonly<Record<string, { caCertPem: string; tlsCaCertPem: string }>>;
  readonly oemClient: SigningIdentity;
  readonly oemAdmin: SigningIdentity;
  readonly oemPeer: SigningIdentity;
  readonly mobilityClient: SigningIdentity;
  readonly ordererNode: SigningIdentity;
}

/** One CA per org of the consortium and a few identities, all valid for the channel MSP manager. */
export async function createTestOrgs(): Promise<TestOrgs> {
  const orgs = [...consortium.peerOrgs.map((org) => ({ mspId: org.mspId, domain: org.domain })), { mspId: consortium.ordererOrg.mspId, domain: consortium.ordererOrg.domain }];
  const cas = new Map(await Promise.all(orgs.map(async (org) => [org.mspId, await createTestCa(org.domain)] as const)));
  const ca = (mspId: string) => cas.get(mspId) as NonNullable<ReturnType<typeof cas.get>>;
  const certificates = Object.fromEntries([...cas].map(([mspId, authority]) => [mspId, { caCertPem: authority.certificatePem, tlsCaCertPem: authority.certificatePem }]));
  return {
    msps: new MspManager([...cas].map(([mspId, authority]) => ({ mspId, rootCertificates: [authority.certificatePem] }))),
    certificates,
    oemClient: await issueTestIdentity(ca('OemMSP'), 'OemMSP', 'User1@oem', ['client']),
    oemAdmin: await issueTestIdentity(ca('OemMSP'), 'OemMSP', 'Admin@oem', ['admin']),
    oemPeer: await issueTestIdentity(ca('OemMSP'), 'OemMSP', 'peer0.oem', ['peer']),
    mobilityClient: await issueTestIdentity(ca('MobilityMSP'), 'MobilityMSP', 'User1@mobility', ['client']),
    ordererNode: await issueTestIdentity(ca('OrdererMSP'), 'OrdererMSP', 'orderer', ['orderer']),
  };
}

export interface ProposalSpec {
  readonly chaincodeName: string;
  readonly args: readonly (string | Uint8Array)[];
  readonly channelId?: string;
  /** The chaincode the invocation spec names; the header's chaincode when omitted. */
  readonly invokedName?: string;
}

/** A signed proposal, unpacked as the endorser would before running it. */
export function proposalFor(identity: SigningIdentity, spec: ProposalSpec): UnpackedProposal {
  const creator = identity.serialize();
  const nonce = randomBytes(24);
  const headerChaincode = new peer.ChaincodeID();
  headerChaincode.setName(spec.chaincodeName);
  const extension = new peer.ChaincodeHeaderExtension();
  extension.setChaincodeId(headerChaincode);
  const timestamp = new Timestamp();
  timestamp.setSeconds(1_767_225_600);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setChannelId(spec.channelId ?? CHANNEL);
  channelHeader.setTxId(computeTxId(nonce, creator));
  channelHeader.setTimestamp(timestamp);
  channelHeader.setExtension$(extension.serializeBinary());
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creator);
  signatureHeader.setNonce(nonce);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());

  const invokedChaincode = new peer.ChaincodeID();
  invokedChaincode.setName(spec.invokedName ?? spec.chaincodeName);
  const input = new peer.ChaincodeInput();
  input.setArgsList(spec.args.map((arg) => (typeof arg === 'string' ? Buffer.from(arg) : arg)));
  const chaincodeSpec = new peer.ChaincodeSpec();
  chaincodeSpec.setType(peer.ChaincodeSpec.Type.NODE);
  chaincodeSpec.setChaincodeId(invokedChaincode);
  chaincodeSpec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(chaincodeSpec);
  const payload = new peer.ChaincodeProposalPayload();
  payload.setInput(invocation.serializeBinary());

  const proposal = new peer.Proposal();
  proposal.setHeader(header.serializeBinary());
  proposal.setPayload(payload.serializeBinary());
  const proposalBytes = proposal.serializeBinary();
  const signed = new peer.SignedProposal();
  signed.setProposalBytes(proposalBytes);
  signed.setSignature(identity.sign(proposalBytes));
  return unpackProposal(signed);
}

/** A ledger in a temporary directory, holding the consortium's genesis block, with a block writer after it. */
export class TestChain {
  private constructor(
    readonly ledger: KvLedger,
    private readonly writer: BlockWriter,
    private readonly dir: string,
  ) {}

  static async create(orgs: TestOrgs): Promise<TestChain> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scc-test-'));
    const ledger = await KvLedger.open({ rootDir: dir, channelId: CHANNEL, pvtDataOrgs: APPLICATION_ORGS });
    const genesis = createGenesisBlock({ definition: consortium, certificates: orgs.certificates });
    await commit(ledger, genesis, [peer.TxValidationCode.VALID]);
    const writer = new BlockWriter({ signer: createTestSigner(), tip: tipAfter(genesis) });
    return new TestChain(ledger, writer, dir);
  }

  /** Orders the envelopes into the next block and commits it with these validation codes and private data. */
  async append(envelopes: readonly Uint8Array[], codes: readonly number[], privateData: readonly CommittedTx['privateData'][] = []): Promise<common.Block> {
    const block = this.writer.writeBlock(envelopes);
    await commit(this.ledger, block, codes, privateData);
    return block;
  }

  async close(): Promise<void> {
    await this.ledger.close();
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}

/** What the committer does: set the validation flags, derive the transactions, commit. */
async function commit(ledger: KvLedger, block: common.Block, codes: readonly number[], privateData: readonly CommittedTx['privateData'][] = []): Promise<void> {
  setTransactionsFilter(block, [...codes]);
  const txs = committedTxsFromBlock(block).map((tx, index) => {
    const pvt = privateData[index];
    return pvt ? { ...tx, privateData: pvt } : tx;
  });
  await ledger.commit(block, txs);
}
