import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { KeyEndorsementPolicy } from 'fabric-shim';
import { PolicyDefinitionError } from './errors';
import type { MspRoleName, PolicyIdentity } from './policy-identity';
import { nOutOf, signaturePolicyFromString, signedBy } from './signature-policy-builder';
import { SignaturePolicyCache, SignaturePolicyEvaluator } from './signature-policy-evaluator';

let counter = 0;

/** A verified identity as the MSP layer hands it over: MSP, unique id, one node OU role. */
function identity(mspId: string, role: Exclude<MspRoleName, 'member'>): PolicyIdentity {
  counter += 1;
  const id = `${mspId}-${role}-${counter}`;
  return { mspId, id, hasRole: (wanted) => wanted === 'member' || wanted === role };
}

function satisfied(expression: string, identities: readonly PolicyIdentity[]): boolean {
  return SignaturePolicyEvaluator.fromString(expression).evaluate(identities);
}

describe('SignaturePolicyEvaluator', () => {
  const aPeer = identity('A', 'peer');
  const aPeer2 = identity('A', 'peer');
  const aClient = identity('A', 'client');
  const aAdmin = identity('A', 'admin');
  const bPeer = identity('B', 'peer');
  const cPeer = identity('C', 'peer');
  const oOrderer = identity('O', 'orderer');

  it('evaluates OR, AND and OutOf gates', () => {
    expect(satisfied("OR('A.peer', 'B.peer')", [bPeer])).to.equal(true);
    expect(satisfied("OR('A.peer', 'B.peer')", [cPeer])).to.equal(false);
    expect(satisfied("AND('A.peer', 'B.peer')", [aPeer, bPeer])).to.equal(true);
    expect(satisfied("AND('A.peer', 'B.peer')", [bPeer])).to.equal(false);
    expect(satisfied("OutOf(2, 'A.peer', 'B.peer', 'C.peer')", [cPeer, aPeer])).to.equal(true);
    expect(satisfied("OutOf(2, 'A.peer', 'B.peer', 'C.peer')", [cPeer])).to.equal(false);
    expect(satisfied("OR(AND('A.peer', 'B.peer'), 'C.peer')", [cPeer])).to.equal(true);
    expect(satisfied("AND(OR('A.peer', 'B.peer'), 'C.peer')", [aPeer])).to.equal(false);
    expect(satisfied("OutOf(0, 'A.peer')", []), 't = 0 always holds').to.equal(true);
    expect(satisfied("OutOf(2, 'A.peer')", [aPeer, aPeer2]), 't = n + 1 never holds').to.equal(false);
  });

  it('matches roles by node OU and member by MSP', () => {
    expect(satisfied("OR('A.member')", [aClient])).to.equal(true);
    expect(satisfied("OR('A.member')", [bPeer])).to.equal(false);
    expect(satisfied("OR('A.peer')", [aClient])).to.equal(false);
    expect(satisfied("OR('A.client')", [aClient])).to.equal(true);
    expect(satisfied("OR('A.admin')", [aAdmin])).to.equal(true);
    expect(satisfied("OR('A.admin')", [aPeer])).to.equal(false);
    expect(satisfied("OR('O.orderer')", [oOrderer])).to.equal(true);
    expect(satisfied("OR('A.orderer')", [oOrderer]), 'role of another MSP').to.equal(false);
  });

  it('counts a duplicated identity once and lets each identity satisfy one principal only', () => {
    expect(satisfied("AND('A.peer', 'A.peer')", [aPeer, aPeer])).to.equal(false);
    expect(satisfied("AND('A.peer', 'A.peer')", [aPeer, aPeer2])).to.equal(true);
    expect(satisfied("OutOf(2, 'A.member', 'B.member')", [aPeer, aPeer, aPeer])).to.equal(false);
    expect(satisfied("AND('A.member', 'A.member')", [aPeer, aClient])).to.equal(true);
  });

  it('assigns identities greedily in order, as cauthdsl does', () => {
    // The first rule takes the first matching unused identity and never gives it back.
    expect(satisfied("AND('A.member', 'A.peer')", [aPeer, aClient])).to.equal(false);
    expect(satisfied("AND('A.member', 'A.peer')", [aClient, aPeer])).to.equal(true);
  });

  it('rolls back the identities a failed nested gate consumed', () => {
    // The inner AND takes aPeer for 'A.peer' but fails on 'B.peer'; aPeer must stay available.
    expect(satisfied("AND(AND('A.peer', 'B.peer'), 'A.peer')", [aPeer])).to.equal(false);
    expect(satisfied("OR(AND('A.peer', 'B.peer'), 'A.peer')", [aPeer])).to.equal(true);
  });

  it('evaluates key-level policies written by fabric-shim KeyEndorsementPolicy', () => {
    const keyPolicy = new KeyEndorsementPolicy();
    keyPolicy.addOrgs('PEER', 'A', 'B');
    keyPolicy.addOrgs('MEMBER', 'C');
    const evaluator = SignaturePolicyEvaluator.fromBytes(keyPolicy.getPolicy());
    expect(evaluator.description).to.equal("AND('A.peer', 'B.peer', 'C.member')");
    expect(evaluator.evaluate([aPeer, bPeer, cPeer])).to.equal(true);
    expect(evaluator.evaluate([aPeer, bPeer])).to.equal(false);
    expect(evaluator.evaluate([aClient, bPeer, cPeer])).to.equal(false);
    const cache = new SignaturePolicyCache(2);
    expect(cache.get(keyPolicy.getPolicy())).to.equal(cache.get(Buffer.from(keyPolicy.getPolicy())));
  });

  it('accepts an envelope object and refuses unusable envelopes', () => {
    expect(new SignaturePolicyEvaluator(signaturePolicyFromString("OR('A.peer')")).evaluate([aPeer])).to.equal(true);
    const badIndex = new common.SignaturePolicyEnvelope();
    badIndex.setRule(nOutOf(1, [signedBy(1)]));
    expect(() => new SignaturePolicyEvaluator(badIndex)).to.throw(PolicyDefinitionError, /index out of range/);
    const badVersion = signaturePolicyFromString("OR('A.peer')");
    badVersion.setVersion(1);
    expect(() => SignaturePolicyEvaluator.fromBytes(badVersion.serializeBinary())).to.throw(PolicyDefinitionError, /version 1/);
    expect(() => SignaturePolicyEvaluator.fromBytes(Buffer.from([0xff, 0xff]))).to.throw(PolicyDefinitionError);
  });
});
