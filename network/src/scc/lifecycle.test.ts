import { common, peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { consortium } from '../consortium/consortium';
import { channelPoliciesOf } from '../policy';
import { AclProvider } from './acl';
import { Lifecycle } from './lifecycle';
import { lifecycleDefinitionOf } from './lifecycle-definitions';
import { APPLICATION_ORGS, CHANNEL, createTestOrgs, proposalFor, type TestOrgs } from './testing/scc-fixtures';

const lb = peer.lifecycle;
const PACKAGE_ID = 'mobility_0.1.0:0123abcd';

describe('_lifecycle', () => {
  let orgs: TestOrgs;
  let lifecycle: Lifecycle;

  type Who = 'oemClient' | 'oemAdmin' | 'oemPeer' | 'mobilityClient';
  const invoke = (fname: string, input: { serializeBinary(): Uint8Array } | Uint8Array, who: Who = 'oemClient') =>
    lifecycle.invoke(proposalFor(orgs[who], { chaincodeName: '_lifecycle', args: [fname, input instanceof Uint8Array ? input : input.serializeBinary()] }));
  const payloadOf = async (response: Promise<peer.Response>): Promise<Uint8Array> => {
    const result = await response;
    expect(result.getStatus(), result.getMessage()).to.equal(200);
    return result.getPayload_asU8();
  };
  const answer = async (response: Promise<peer.Response>): Promise<[number, string]> => {
    const result = await response;
    return [result.getStatus(), result.getMessage()];
  };
  const queryArgs = (name: string) => {
    const args = new lb.QueryChaincodeDefinitionArgs();
    args.setName(name);
    return args;
  };

  before(async () => {
    orgs = await createTestOrgs();
    const acl = new AclProvider({ channelId: CHANNEL, localMspId: 'OemMSP', applicationOrgs: APPLICATION_ORGS, identities: orgs.msps, policies: channelPoliciesOf(consortium) });
    const definitions = [lifecycleDefinitionOf({ definition: consortium.chaincode, packageId: PACKAGE_ID })];
    lifecycle = new Lifecycle({ channelId: CHANNEL, applicationOrgs: APPLICATION_ORGS, definitions, acl });
  });

  it('QueryChaincodeDefinition: the consortium’s definition with Fabric’s defaults, approved by every org', async () => {
    const result = lb.QueryChaincodeDefinitionResult.deserializeBinary(await payloadOf(invoke('QueryChaincodeDefinition', queryArgs('mobility'), 'mobilityClient')));
    expect(result.getSequence()).to.equal(consortium.chaincode.sequence);
    expect(result.getVersion()).to.equal(consortium.chaincode.version);
    expect([result.getEndorsementPlugin(), result.getValidationPlugin(), result.getInitRequired()]).to.deep.equal(['escc', 'vscc', false]);
    const policy = common.ApplicationPolicy.deserializeBinary(result.getValidationParameter_asU8());
    expect(policy.getChannelConfigPolicyReference()).to.equal('/Channel/Application/Endorsement');
    const collections = result.getCollections()?.getConfigList().map((config) => config.getStaticCollectionConfig());
    expect(collections?.map((config) => [config?.getName(), config?.getMemberOnlyRead(), config?.getBlockToLive()])).to.deep.equal(
      consortium.chaincode.collections.map((config) => [config.name, config.memberOnlyRead, config.blockToLive]),
    );
    expect(Object.fromEntries(result.getApprovalsMap().toArray())).to.deep.equal({ OemMSP: true, MobilityMSP: true, AuditMSP: true });
  });

  it('QueryChaincodeDefinition of an undefined chaincode answers 404, and peers are no channel writers', async () => {
    expect(await answer(invoke('QueryChaincodeDefinition', queryArgs('other')))).to.deep.equal([404, 'namespace other is not defined']);
    const [status, message] = await answer(invoke('QueryChaincodeDefinition', queryArgs('mobility'), 'oemPeer'));
    expect(status).to.equal(500);
    expect(message).to.match(/^Failed to authorize invocation due to failed ACL check: Failed evaluating policy on signed data during check policy on channel \[mobility\] with policy \[\/Channel\/Application\/Writers\]/);
  });

  it('QueryChaincodeDefinitions: every defined chaincode', async () => {
    const result = lb.QueryChaincodeDefinitionsResult.deserializeBinary(await payloadOf(invoke('QueryChaincodeDefinitions', new lb.QueryChaincodeDefinitionsArgs())));
    expect(result.getChaincodeDefinitionsList().map((definition) => [definition.getName(), definition.getSequence(), definition.getVersion()])).to.deep.equal([
      ['mobility', 1, '0.1.0'],
    ]);
  });

  it('QueryApprovedChaincodeDefinition: the org admin sees its approval and the package it runs', async () => {
    const args = new lb.QueryApprovedChaincodeDefinitionArgs();
    args.setName('mobility');
    const result = lb.QueryApprovedChaincodeDefinitionResult.deserializeBinary(await payloadOf(invoke('QueryApprovedChaincodeDefinition', args, 'oemAdmin')));
    expect([result.getSequence(), result.getVersion(), result.getSource()?.getLocalPackage()?.getPackageId()]).to.deep.equal([1, '0.1.0', PACKAGE_ID]);
    args.setSequence(2);
    expect(await answer(invoke('QueryApprovedChaincodeDefinition', args, 'oemAdmin'))).to.deep.equal([
      500,
      "failed to invoke backing implementation of 'QueryApprovedChaincodeDefinition': could not fetch approved chaincode definition (name: 'mobility', sequence: '2') on channel 'mobility'",
    ]);
    expect((await answer(invoke('QueryApprovedChaincodeDefinition', args, 'oemClient')))[1]).to.contain('The identity is not an admin under this MSP [OemMSP]');
  });

  it('CheckCommitReadiness: the next sequence only, with no approvals yet', async () => {
    const args = new lb.CheckCommitReadinessArgs();
    args.setName('mobility');
    args.setSequence(2);
    args.setVersion('0.2.0');
    const result = lb.CheckCommitReadinessResult.deserializeBinary(await payloadOf(invoke('CheckCommitReadiness', args)));
    expect(Object.fromEntries(result.getApprovalsMap().toArray())).to.deep.equal({ OemMSP: false, MobilityMSP: false, AuditMSP: false });
    args.setSequence(1);
    expect(await answer(invoke('CheckCommitReadiness', args))).to.deep.equal([
      500,
      "failed to invoke backing implementation of 'CheckCommitReadiness': requested sequence is 1, but new definition must be sequence 2",
    ]);
  });

  it('QueryInstalledChaincodes: the package the peer runs, referenced by the channel’s definition', async () => {
    const result = lb.QueryInstalledChaincodesResult.deserializeBinary(await payloadOf(invoke('QueryInstalledChaincodes', new lb.QueryInstalledChaincodesArgs(), 'oemAdmin')));
    const [installed] = result.getInstalledChaincodesList();
    expect([installed?.getPackageId(), installed?.getLabel()]).to.deep.equal([PACKAGE_ID, 'mobility_0.1.0']);
    expect(installed?.getReferencesMap().get(CHANNEL)?.getChaincodesList().map((chaincode) => chaincode.getName())).to.deep.equal(['mobility']);
  });

  it('refuses changes after the ACL check, and malformed calls as Fabric does', async () => {
    const approve = new lb.ApproveChaincodeDefinitionForMyOrgArgs();
    approve.setName('mobility');
    approve.setSequence(2);
    expect((await answer(invoke('ApproveChaincodeDefinitionForMyOrg', approve, 'oemClient')))[1]).to.contain('The identity is not an admin under this MSP');
    expect((await answer(invoke('ApproveChaincodeDefinitionForMyOrg', approve, 'oemAdmin')))[1]).to.equal(
      "failed to invoke backing implementation of 'ApproveChaincodeDefinitionForMyOrg': the embedded network runs the chaincode definitions of its consortium definition, which cannot be changed",
    );
    expect(await answer(invoke('Upgrade', new Uint8Array()))).to.deep.equal([500, 'Failed to authorize invocation due to failed ACL check: Unmapped policy for _lifecycle/Upgrade']);
    const noArgs = await lifecycle.invoke(proposalFor(orgs.oemClient, { chaincodeName: '_lifecycle', args: ['QueryChaincodeDefinitions'] }));
    expect(noArgs.getMessage()).to.equal('lifecycle scc operations require exactly two arguments but received 1');
    expect((await answer(invoke('QueryChaincodeDefinition', Uint8Array.from([0xff, 0xff])))).join(' ')).to.equal(
      "500 failed to invoke backing implementation of 'QueryChaincodeDefinition': could not decode input arg for *lifecycle.Invocation.QueryChaincodeDefinition: proto: cannot parse invalid wire-format data",
    );
  });
});
