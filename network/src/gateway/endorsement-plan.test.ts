import { expect } from 'chai';
import { NoEndorsementPlanError, planEndorsingOrgs, type OrgSetPolicy } from './endorsement-plan';

const orgs = ['OemMSP', 'MobilityMSP', 'AuditMSP'];
const majority: OrgSetPolicy = (set) => set.size >= 2;
const needs = (org: string): OrgSetPolicy => (set) => set.has(org);

describe('planEndorsingOrgs', () => {
  it('uses the local org alone when its endorsement suffices', () => {
    expect(planEndorsingOrgs('AuditMSP', orgs, [needs('AuditMSP')])).to.deep.equal(['AuditMSP']);
  });

  it('adds the fewest other orgs, preferring the local org, for a majority', () => {
    expect(planEndorsingOrgs('AuditMSP', orgs, [majority])).to.deep.equal(['AuditMSP', 'OemMSP']);
  });

  it('satisfies the chaincode policy and a key-level policy together', () => {
    expect(planEndorsingOrgs('MobilityMSP', orgs, [majority, needs('AuditMSP')])).to.deep.equal(['MobilityMSP', 'AuditMSP']);
  });

  it('fails when no set of available orgs satisfies the policies', () => {
    expect(() => planEndorsingOrgs('OemMSP', ['OemMSP', 'AuditMSP'], [needs('MobilityMSP')])).to.throw(NoEndorsementPlanError);
  });
});
