import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { consortium } from '../consortium/consortium';
import { applicationPolicyBytes, collectionConfigPackage, collectionMemberOrgsPolicy } from './application-policy';
import { signaturePolicyBytes } from './signature-policy-builder';

describe('application and collection policies', () => {
  it('encodes a channel policy reference as ApplicationPolicy.channel_config_policy_reference', () => {
    const path = '/Channel/Application/Endorsement';
    const bytes = applicationPolicyBytes(path);
    expect(Buffer.from(bytes).toString('hex')).to.equal(`12${path.length.toString(16)}${Buffer.from(path).toString('hex')}`);
    expect(common.ApplicationPolicy.deserializeBinary(bytes).getChannelConfigPolicyReference()).to.equal(path);
  });

  it('encodes a signature policy as ApplicationPolicy.signature_policy', () => {
    const expression = "OR('OemMSP.peer', 'AuditMSP.peer')";
    const decoded = common.ApplicationPolicy.deserializeBinary(applicationPolicyBytes(expression));
    expect(decoded.getTypeCase()).to.equal(common.ApplicationPolicy.TypeCase.SIGNATURE_POLICY);
    expect(decoded.getSignaturePolicy()?.serializeBinary()).to.deep.equal(signaturePolicyBytes(expression));
  });

  it('builds the collection config package of the consortium chaincode', () => {
    const decoded = common.CollectionConfigPackage.deserializeBinary(collectionConfigPackage(consortium.chaincode.collections).serializeBinary());
    const configs = decoded.getConfigList().map((config) => config.getStaticCollectionConfig());
    expect(configs.map((config) => config?.getName())).to.deep.equal(['oemPrivate', 'operatorPrivate']);
    const first = configs[0];
    expect(first?.getMemberOrgsPolicy()?.getSignaturePolicy()?.serializeBinary()).to.deep.equal(signaturePolicyBytes("OR('OemMSP.member')"));
    expect([first?.getRequiredPeerCount(), first?.getMaximumPeerCount(), first?.getBlockToLive()]).to.deep.equal([0, 1, 0]);
    expect([first?.getMemberOnlyRead(), first?.getMemberOnlyWrite()]).to.deep.equal([true, false]);
    expect(collectionMemberOrgsPolicy("OR('MobilityMSP.member')").getSignaturePolicy()?.getIdentitiesList()).to.have.length(1);
  });
});
