import { expect } from 'chai';
import { common, msp } from '@hyperledger/fabric-protos';
import { PolicySyntaxError } from './errors';
import { nOutOf, signaturePolicyBytes, signaturePolicyFromString, signedBy } from './signature-policy-builder';
import { SignaturePolicyEvaluator } from './signature-policy-evaluator';

type Role = 'MEMBER' | 'ADMIN' | 'CLIENT' | 'PEER' | 'ORDERER';

/** A principal built the way Fabric's policyparser_test.go builds its expectations. */
function principal(mspId: string, role: Role): msp.MSPPrincipal {
  const mspRole = new msp.MSPRole();
  mspRole.setMspIdentifier(mspId);
  mspRole.setRole(msp.MSPRole.MSPRoleType[role]);
  const result = new msp.MSPPrincipal();
  result.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
  result.setPrincipal(mspRole.serializeBinary());
  return result;
}

function envelope(rule: common.SignaturePolicy, identities: msp.MSPPrincipal[]): Uint8Array {
  const result = new common.SignaturePolicyEnvelope();
  result.setVersion(0);
  result.setRule(rule);
  result.setIdentitiesList(identities);
  return result.serializeBinary();
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function syntaxError(expression: string): PolicySyntaxError {
  try {
    signaturePolicyFromString(expression);
  } catch (error) {
    expect(error).to.be.instanceOf(PolicySyntaxError);
    return error as PolicySyntaxError;
  }
  return expect.fail(`'${expression}' should not parse`);
}

describe('signature policy language', () => {
  it('encodes OR and AND to the bytes protoc-generated Fabric code produces (hand-derived)', () => {
    // envelope{rule{n_out_of{n:1, rules:[{signed_by:0},{signed_by:1}]}}, identities:[ROLE{A,MEMBER}, ROLE{B,MEMBER}]}
    expect(hex(signaturePolicyBytes("OR('A.member', 'B.member')"))).to.equal(
      '120c120a08011202080012020801' + '1a0512030a0141' + '1a0512030a0142',
    );
    // MSPRole.role PEER = 3, CLIENT = 2 are encoded as field 2 varints.
    expect(hex(signaturePolicyBytes("AND('A.peer', 'B.client')"))).to.equal(
      '120c120a08021202080012020801' + '1a0712050a01411003' + '1a0712050a01421002',
    );
  });

  describe("matches Fabric's policyparser_test.go expectations", () => {
    const cases: { name: string; expression: string; rule: () => common.SignaturePolicy; identities: [string, Role][] }[] = [
      {
        name: 'TestOutOf1',
        expression: "OutOf(1, 'A.member', 'B.member')",
        rule: () => nOutOf(1, [signedBy(0), signedBy(1)]),
        identities: [['A', 'MEMBER'], ['B', 'MEMBER']],
      },
      {
        name: 'TestOutOf2',
        expression: "OutOf(2, 'A.member', 'B.member')",
        rule: () => nOutOf(2, [signedBy(0), signedBy(1)]),
        identities: [['A', 'MEMBER'], ['B', 'MEMBER']],
      },
      {
        name: 'TestAndClientPeerOrderer',
        expression: "AND('A.client', 'B.peer')",
        rule: () => nOutOf(2, [signedBy(0), signedBy(1)]),
        identities: [['A', 'CLIENT'], ['B', 'PEER']],
      },
      {
        name: 'TestComplex1: nested gates are numbered before the outer principals',
        expression: "OR('A.member', AND('B.member', 'C.member'))",
        rule: () => nOutOf(1, [signedBy(2), nOutOf(2, [signedBy(0), signedBy(1)])]),
        identities: [['B', 'MEMBER'], ['C', 'MEMBER'], ['A', 'MEMBER']],
      },
      {
        name: 'TestComplex2',
        expression: "OR(AND('A.member', 'B.member'), OR('C.admin', 'D.member'))",
        rule: () => nOutOf(1, [nOutOf(2, [signedBy(0), signedBy(1)]), nOutOf(1, [signedBy(2), signedBy(3)])]),
        identities: [['A', 'MEMBER'], ['B', 'MEMBER'], ['C', 'ADMIN'], ['D', 'MEMBER']],
      },
      {
        name: 'TestMSPIDWIthSpecialChars',
        expression: "OR('MSP.member', 'MSP.WITH.DOTS.member', 'MSP-WITH-DASHES.member')",
        rule: () => nOutOf(1, [signedBy(0), signedBy(1), signedBy(2)]),
        identities: [['MSP', 'MEMBER'], ['MSP.WITH.DOTS', 'MEMBER'], ['MSP-WITH-DASHES', 'MEMBER']],
      },
      {
        name: 'TestNodeOUs',
        expression: "OR('A.peer', 'B.admin', 'C.orderer', 'D.client')",
        rule: () => nOutOf(1, [signedBy(0), signedBy(1), signedBy(2), signedBy(3)]),
        identities: [['A', 'PEER'], ['B', 'ADMIN'], ['C', 'ORDERER'], ['D', 'CLIENT']],
      },
      {
        name: 'TestOutOfNumIsString',
        expression: "OutOf('1', 'A.member', 'B.member')",
        rule: () => nOutOf(1, [signedBy(0), signedBy(1)]),
        identities: [['A', 'MEMBER'], ['B', 'MEMBER']],
      },
      {
        name: 'TestSecondPassBoundaryCheck t == 0',
        expression: "OutOf(0, 'A.member', 'B.member')",
        rule: () => nOutOf(0, [signedBy(0), signedBy(1)]),
        identities: [['A', 'MEMBER'], ['B', 'MEMBER']],
      },
      {
        name: 'TestSecondPassBoundaryCheck t == n + 1',
        expression: "OutOf(3, 'A.member', 'B.member')",
        rule: () => nOutOf(3, [signedBy(0), signedBy(1)]),
        identities: [['A', 'MEMBER'], ['B', 'MEMBER']],
      },
      {
        name: 'no de-duplication of repeated principals (policydsl TODO)',
        expression: "OR('A.member', 'A.member')",
        rule: () => nOutOf(1, [signedBy(0), signedBy(1)]),
        identities: [['A', 'MEMBER'], ['A', 'MEMBER']],
      },
    ];
    for (const testCase of cases) {
      it(testCase.name, () => {
        const expected = envelope(testCase.rule(), testCase.identities.map(([mspId, role]) => principal(mspId, role)));
        expect(hex(signaturePolicyBytes(testCase.expression))).to.equal(hex(expected));
      });
    }
  });

  it('accepts the spellings and quote styles Fabric accepts', () => {
    const reference = hex(signaturePolicyBytes("AND('A.member', OR('B.peer', 'C.admin'))"));
    for (const variant of [
      'AND("A.member", OR("B.peer", "C.admin"))',
      "and('A.member',or('B.peer','C.admin'))",
      "And( 'A.member' ,\n\tOr('B.peer', \"C.admin\") )",
      "OutOf(2, 'A.member', OUTOF(1, 'B.peer', 'C.admin'))",
      "outof(2, 'A.member', OutOf('1', 'B.peer', 'C.admin'))",
    ]) {
      expect(hex(signaturePolicyBytes(variant)), variant).to.equal(reference);
    }
  });

  it('round-trips a table of expressions through bytes and the rendered description', () => {
    const table = [
      "OR('OemMSP.peer')",
      "AND('OemMSP.peer', 'MobilityMSP.peer')",
      "OutOf(2, 'OemMSP.peer', 'MobilityMSP.peer', 'AuditMSP.peer')",
      "OR(AND('OemMSP.admin', 'AuditMSP.admin'), OutOf(2, 'OemMSP.client', 'MobilityMSP.member', AND('AuditMSP.orderer', 'OemMSP.peer')))",
      "OutOf(0, 'A.member')",
      "OutOf(2, 'A.member')",
      "AND('A.member', 'A.member', 'B.member')",
    ];
    for (const expression of table) {
      const bytes = signaturePolicyBytes(expression);
      const description = SignaturePolicyEvaluator.fromBytes(bytes).description;
      expect(hex(signaturePolicyBytes(description)), `${expression} -> ${description}`).to.equal(hex(bytes));
      expect(hex(common.SignaturePolicyEnvelope.deserializeBinary(bytes).serializeBinary())).to.equal(hex(bytes));
    }
    expect(SignaturePolicyEvaluator.fromBytes(signaturePolicyBytes("OutOf(2, 'A.peer', 'B.peer', 'C.peer')")).description).to.equal(
      "OutOf(2, 'A.peer', 'B.peer', 'C.peer')",
    );
  });

  it('names the position of syntax errors', () => {
    const cases: [string, number, RegExp][] = [
      ['', 0, /empty policy/],
      ["XOR('A.member')", 0, /unknown gate 'XOR'/],
      ["OR('A.member' 'B.member')", 14, /expected ','/],
      ["OR('A.memberx')", 3, /invalid principal 'A.memberx'/],
      ["OR('A.member'", 13, /unexpected end of policy/],
      ["OR('A.member)", 3, /unterminated string/],
      ["OR('A.member'))", 14, /after the end of the policy/],
      ["OutOf(3, 'A.member')", 0, /invalid t-out-of-n predicate, t 3, n 1/],
      ["OutOf(-1, 'A.member', 'B.member')", 0, /t -1, n 2/],
      ["OutOf(1.5, 'A.member')", 6, /integer threshold/],
      ["OutOf(1)", 7, /expected ','/],
      ['AND()', 4, /expected a quoted principal or a gate/],
      ["'A.member'", 0, /must start with a gate/],
      ['OR(A.member)', 3, /unknown gate 'A'/],
    ];
    for (const [expression, position, message] of cases) {
      const error = syntaxError(expression);
      expect(error.position, expression).to.equal(position);
      expect(error.message, expression).to.match(message);
      expect(error.message).to.contain(`at position ${position}`);
    }
  });
});
