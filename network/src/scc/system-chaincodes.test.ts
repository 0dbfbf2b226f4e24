import { status } from '@grpc/grpc-js';
import { common, gateway, peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { consortium } from '../consortium/consortium';
import { Endorser } from '../endorser/endorser';
import type { EndorserChannel, ProposalSimulator } from '../endorser/ports';
import { evaluate } from '../gateway/evaluate';
import type { GatewayContext } from '../gateway/gateway-context';
import { GatewayRpcError } from '../gateway/rpc-error';
import { buildEndorserTx } from '../ledger/testing/fixtures';
import type { SigningIdentity } from '../msp';
import { ChannelAccess } from '../peer/channel-access';
import { LedgerStateView } from '../peer/ledger-state-view';
import { BlockHashIndex } from './block-hash-index';
import { createPeerSystemChaincodes } from './system-chaincodes';
import { CHANNEL, createTestOrgs, proposalFor, TestChain, type TestOrgs } from './testing/scc-fixtures';

/** The application chaincode is not under test: any call to it is a failure of the routing. */
const noApplicationChaincode: ProposalSimulator = {
  simulate: () => Promise.reject(new Error('the application chaincode was called')),
};

function actionOf(response: peer.ProposalResponse): peer.ChaincodeAction {
  return peer.ChaincodeAction.deserializeBinary(peer.ProposalResponsePayload.deserializeBinary(response.getPayload_asU8()).getExtension_asU8());
}

describe('system chaincodes behind the endorser and the gateway', function () {
  this.timeout(20_000);
  let orgs: TestOrgs;
  let chain: TestChain;
  let endorser: Endorser;
  let context: GatewayContext;
  let txId: string;

  const signed = (identity: SigningIdentity, chaincodeName: string, args: readonly (string | Uint8Array)[]) => proposalFor(identity, { chaincodeName, args }).signedProposal;

  before(async () => {
    orgs = await createTestOrgs();
    chain = await TestChain.create(orgs);
    const tx = buildEndorserTx({ writes: [{ key: 'k', value: 'v' }] });
    txId = tx.txId;
    await chain.append([tx.envelopeBytes], [peer.TxValidationCode.VALID]);
    const access = new ChannelAccess(orgs.msps, consortium, new LedgerStateView(chain.ledger));
    const channel: EndorserChannel = {
      channelId: CHANNEL,
      chaincodeName: 'mobility',
      chaincodeVersion: '0.1.0',
      identities: access,
      acl: access,
      ledger: { hasTransaction: (id) => chain.ledger.isDuplicateTxId(id) },
    };
    const systemChaincodes = createPeerSystemChaincodes({
      definition: consortium,
      localMspId: 'OemMSP',
      ledger: chain.ledger,
      identities: access,
      hashIndex: new BlockHashIndex(chain.ledger),
      packageId: 'mobility_0.1.0:abc',
    });
    endorser = new Endorser(orgs.oemPeer, new Map([[CHANNEL, channel]]), noApplicationChaincode, systemChaincodes);
    const unused = () => {
      throw new Error('not used by Evaluate');
    };
    context = {
      localMspId: 'OemMSP',
      channelId: CHANNEL,
      chaincodeName: 'mobility',
      peers: [{ mspId: 'OemMSP', address: 'peer0.oem.mobility.example:7051', endorser }],
      orderer: { address: 'orderer', broadcast: unused },
      commits: { waitForStatus: unused },
      blocks: { height: () => chain.ledger.height, blockNumberOfTransaction: unused, blocksFrom: unused },
      policies: access,
      endorsementTimeoutMs: 5_000,
    };
  });

  after(async () => {
    await chain.close();
  });

  it('endorses a system chaincode answer as version "syscc", without results or events', async () => {
    const result = await endorser.processProposal(signed(orgs.oemClient, 'qscc', ['GetChainInfo', CHANNEL]));
    expect(result.error).to.equal(undefined);
    expect(result.response.getVersion()).to.equal(1);
    expect(result.response.getEndorsement()?.getEndorser_asU8()).to.deep.equal(orgs.oemPeer.serialize());
    const action = actionOf(result.response);
    expect([action.getChaincodeId()?.getName(), action.getChaincodeId()?.getVersion()]).to.deep.equal(['qscc', 'syscc']);
    expect([action.getResults_asU8().length, action.getEvents_asU8().length]).to.deep.equal([0, 0]);
    expect(common.BlockchainInfo.deserializeBinary(action.getResponse()?.getPayload_asU8() ?? new Uint8Array()).getHeight()).to.equal(2);
  });

  it('lets channel readers that are no writers (peers) query system chaincodes, but not propose to the application chaincode', async () => {
    const query = await endorser.processProposal(signed(orgs.oemPeer, 'qscc', ['GetBlockByTxID', CHANNEL, txId]));
    expect(query.response.getResponse()?.getStatus()).to.equal(200);
    const invoke = await endorser.processProposal(signed(orgs.oemPeer, 'mobility', ['devices:Get', '{}']));
    expect(invoke.error?.message).to.match(/^access denied: channel \[mobility\] creator org \[OemMSP\].*\/Channel\/Application\/Writers/);
  });

  it('returns chaincode errors as Fabric does: status 500 with a payload, 404 without, never endorsed', async () => {
    const failed = await endorser.processProposal(signed(orgs.oemClient, 'qscc', ['GetTransactionByID', CHANNEL, 'missing']));
    expect([failed.response.getResponse()?.getStatus(), failed.response.getEndorsement(), failed.response.getPayload_asU8().length > 0]).to.deep.equal([500, undefined, true]);
    const args = new peer.lifecycle.QueryChaincodeDefinitionArgs();
    args.setName('other');
    const undefinedChaincode = await endorser.processProposal(signed(orgs.oemClient, '_lifecycle', ['QueryChaincodeDefinition', args.serializeBinary()]));
    expect([undefinedChaincode.response.getResponse()?.getStatus(), undefinedChaincode.response.getPayload_asU8().length]).to.deep.equal([404, 0]);
  });

  it('Gateway.Evaluate routes system chaincodes to the peers and returns their result', async () => {
    const request = new gateway.EvaluateRequest();
    request.setProposedTransaction(signed(orgs.mobilityClient, 'qscc', ['GetTransactionByID', CHANNEL, txId]));
    const response = await evaluate(context, request);
    const processed = peer.ProcessedTransaction.deserializeBinary(response.getResult()?.getPayload_asU8() ?? new Uint8Array());
    expect(processed.getValidationcode()).to.equal(peer.TxValidationCode.VALID);
  });

  it("Gateway.Evaluate reports a system chaincode's error as Fabric's gateway does", async () => {
    const request = new gateway.EvaluateRequest();
    request.setProposedTransaction(signed(orgs.oemClient, 'qscc', ['GetBlockByTxID', CHANNEL, 'missing']));
    const failure = await evaluate(context, request).then(
      () => undefined,
      (error: unknown) => error as GatewayRpcError,
    );
    expect(failure).to.be.instanceOf(GatewayRpcError);
    expect(failure?.code).to.equal(status.UNKNOWN);
    expect(failure?.message).to.equal('evaluate call to endorser returned error: chaincode response 500, Failed to get block for txID missing, error no such transaction ID [missing] in index');
    expect(failure?.errorDetails.map((detail) => detail.mspId)).to.deep.equal(['OemMSP']);
  });
});
