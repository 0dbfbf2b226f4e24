import { common, peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { consortium } from '../consortium/consortium';
import { buildEndorserTx } from '../ledger/testing/fixtures';
import { configFromBlock } from '../orderer/config-block-reader';
import { channelPoliciesOf } from '../policy';
import { AclProvider } from './acl';
import { Cscc } from './cscc';
import { APPLICATION_ORGS, CHANNEL, createTestOrgs, proposalFor, TestChain, type TestOrgs } from './testing/scc-fixtures';

describe('cscc', function () {
  this.timeout(20_000);
  let orgs: TestOrgs;
  let chain: TestChain;
  let cscc: Cscc;

  const invoke = (args: readonly string[], who: 'oemClient' | 'oemAdmin' | 'mobilityClient' | 'ordererNode' = 'oemClient') =>
    cscc.invoke(proposalFor(orgs[who], { chaincodeName: 'cscc', args }));
  const answer = async (response: Promise<peer.Response>): Promise<[number, string]> => {
    const result = await response;
    return [result.getStatus(), result.getMessage()];
  };

  before(async () => {
    orgs = await createTestOrgs();
    chain = await TestChain.create(orgs);
    await chain.append([buildEndorserTx({ writes: [{ key: 'k', value: 'v' }] }).envelopeBytes], [peer.TxValidationCode.VALID]);
    const acl = new AclProvider({ channelId: CHANNEL, localMspId: 'OemMSP', applicationOrgs: APPLICATION_ORGS, identities: orgs.msps, policies: channelPoliciesOf(consortium) });
    cscc = new Cscc({ channelId: CHANNEL, ledger: chain.ledger, acl });
  });

  after(async () => {
    await chain.close();
  });

  it('GetConfigBlock: the config block the last block names (the genesis block here)', async () => {
    const result = await invoke(['GetConfigBlock', CHANNEL]);
    expect(result.getStatus()).to.equal(200);
    expect(Buffer.from(result.getPayload_asU8())).to.deep.equal(Buffer.from((await chain.ledger.getBlockByNumber(0)).serializeBinary()));
  });

  it('GetChannelConfig: the channel config with every org’s MSP and the channel policies', async () => {
    const result = await invoke(['GetChannelConfig', CHANNEL], 'mobilityClient');
    expect(result.getStatus()).to.equal(200);
    const config = common.Config.deserializeBinary(result.getPayload_asU8());
    expect(Buffer.from(config.serializeBinary())).to.deep.equal(Buffer.from(configFromBlock(await chain.ledger.getBlockByNumber(0)).config.serializeBinary()));
    const application = config.getChannelGroup()?.getGroupsMap().get('Application');
    expect([...(application?.getGroupsMap().keys() ?? [])].sort()).to.deep.equal([...APPLICATION_ORGS].sort());
    expect(application?.getPoliciesMap().has('Readers')).to.equal(true);
  });

  it('GetChannels: the one channel, for any member of the local MSP', async () => {
    const result = await invoke(['GetChannels']);
    const channels = peer.ChannelQueryResponse.deserializeBinary(result.getPayload_asU8()).getChannelsList();
    expect(channels.map((channel) => channel.getChannelId())).to.deep.equal([CHANNEL]);
    expect(await answer(invoke(['GetChannels'], 'mobilityClient'))).to.deep.equal([
      500,
      'access denied for [GetChannels]: Failed deserializing proposal creator during channelless check policy with policy [Members]: [expected MSP ID OemMSP, received MobilityMSP]',
    ]);
  });

  it('refuses as Fabric does: arguments, ACL, unknown channels, unknown functions', async () => {
    expect(await answer(invoke(['GetConfigBlock']))).to.deep.equal([500, 'Incorrect number of arguments, 1']);
    expect(await answer(invoke(['GetChannelConfig', '']))).to.deep.equal([500, 'empty channel name provided']);
    expect(await answer(invoke(['GetConfigBlock', 'other']))).to.deep.equal([500, 'access denied for [GetConfigBlock][other]: Failed to get policy manager for channel [other]']);
    const [status, message] = await answer(invoke(['GetChannelConfig', CHANNEL], 'ordererNode'));
    expect(status).to.equal(500);
    expect(message).to.match(/^access denied for \[GetChannelConfig\]\[mobility\]: Failed evaluating policy on signed data during check policy on channel \[mobility\] with policy \[\/Channel\/Application\/Readers\]/);
    expect(await answer(invoke(['JoinChain', 'block']))).to.deep.equal([
      500,
      "access denied for [JoinChain]: Failed verifying that proposal's creator satisfies local MSP principal during channelless check policy with policy [Admins]: " +
        '[The identity is not an admin under this MSP [OemMSP]: The identity does not contain OU [ADMIN], MSP: [OemMSP]]',
    ]);
    expect(await answer(invoke(['GetConfigTree', CHANNEL]))).to.deep.equal([500, 'Requested function GetConfigTree not found.']);
  });
});
