import { expect } from 'chai';
import { consortium } from '../consortium/consortium';
import { channelPoliciesOf } from '../policy';
import { AccessDeniedError, AclProvider } from './acl';
import { APPLICATION_ORGS, CHANNEL, createTestOrgs, proposalFor, type TestOrgs } from './testing/scc-fixtures';

describe('system chaincode ACLs (Fabric default ACL provider)', () => {
  let orgs: TestOrgs;
  let acl: AclProvider;
  const proposal = (who: keyof Omit<TestOrgs, 'msps' | 'certificates'>) => proposalFor(orgs[who], { chaincodeName: 'qscc', args: ['GetChainInfo', CHANNEL] });
  const denial = (check: () => void): string => {
    try {
      check();
    } catch (error) {
      expect(error).to.be.instanceOf(AccessDeniedError);
      return (error as Error).message;
    }
    throw new Error('expected an access denial');
  };

  before(async () => {
    orgs = await createTestOrgs();
    acl = new AclProvider({ channelId: CHANNEL, localMspId: 'OemMSP', applicationOrgs: APPLICATION_ORGS, identities: orgs.msps, policies: channelPoliciesOf(consortium) });
  });

  it('admits clients, admins and peers of every application org to channel Readers resources', () => {
    for (const who of ['oemClient', 'oemAdmin', 'oemPeer', 'mobilityClient'] as const) {
      expect(() => acl.checkAcl('qscc/GetBlockByTxID', CHANNEL, proposal(who))).not.to.throw();
    }
  });

  it("refuses an orderer org identity with the policy checker's implicit meta message", () => {
    expect(denial(() => acl.checkAcl('qscc/GetChainInfo', CHANNEL, proposal('ordererNode')))).to.equal(
      'Failed evaluating policy on signed data during check policy on channel [mobility] with policy [/Channel/Application/Readers]: ' +
        "[implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Readers' sub-policies to be satisfied]",
    );
  });

  it('keeps peers out of channel Writers resources (the _lifecycle queries)', () => {
    expect(() => acl.checkAcl('_lifecycle/QueryChaincodeDefinition', CHANNEL, proposal('mobilityClient'))).not.to.throw();
    expect(denial(() => acl.checkAcl('_lifecycle/QueryChaincodeDefinition', CHANNEL, proposal('oemPeer')))).to.contain(
      "with policy [/Channel/Application/Writers]: [implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Writers' sub-policies to be satisfied]",
    );
  });

  it('reports unmapped resources and channels the peer has not joined as Fabric does', () => {
    expect(denial(() => acl.checkAcl('qscc/GetBlocks', CHANNEL, proposal('oemClient')))).to.equal('Unmapped policy for qscc/GetBlocks');
    expect(denial(() => acl.checkAcl('cscc/GetConfigBlock', 'other', proposal('oemClient')))).to.equal('Failed to get policy manager for channel [other]');
  });

  it("checks peer-wide resources against the peer's local MSP: its admins only for Admins", () => {
    expect(() => acl.checkAcl('_lifecycle/QueryApprovedChaincodeDefinition', CHANNEL, proposal('oemAdmin'))).not.to.throw();
    expect(denial(() => acl.checkAcl('_lifecycle/QueryApprovedChaincodeDefinition', CHANNEL, proposal('oemClient')))).to.equal(
      "Failed verifying that proposal's creator satisfies local MSP principal during channelless check policy with policy [Admins]: " +
        '[The identity is not an admin under this MSP [OemMSP]: The identity does not contain OU [ADMIN], MSP: [OemMSP]]',
    );
    expect(denial(() => acl.checkAcl('_lifecycle/QueryInstalledChaincodes', CHANNEL, proposal('mobilityClient')))).to.equal(
      'Failed deserializing proposal creator during channelless check policy with policy [Admins]: [expected MSP ID OemMSP, received MobilityMSP]',
    );
    expect(() => acl.checkAcl('cscc/GetChannels', CHANNEL, proposal('oemClient'))).not.to.throw();
  });

  it('falls back to the local MSP for a channel resource checked without a channel', () => {
    expect(denial(() => acl.checkAcl('cscc/GetConfigBlock', '', proposal('oemClient')))).to.equal(
      'Failed getting local MSP principal during channelless check policy with policy [/Channel/Application/Readers]: [MSP Principal role [/Channel/Application/Readers] not recognized]',
    );
  });
});
