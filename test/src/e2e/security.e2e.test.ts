import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitStatusError, EndorseError, GatewayError, signers, type SubmitError, type Contract, type Gateway } from '@hyperledger/fabric-gateway';
import { msp, peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { hexlify, randomBytes, Wallet } from 'ethers';
import { gatewayFor, ordererOrgUser } from '../support/custom-gateway';
import { E2eNetwork, signedRequest } from '../support/e2e-network';
import { firstStreamError, readUntil } from '../support/event-streams';
import { rejectionOf } from '../support/rejection';
import { foreignClientIdentity } from '../support/foreign-identity';
import { tampered, tamperingSigner } from '../support/tampering-signer';

/** Shares the gateway suite's port offset: mocha runs the two files one after the other. */
const PORT_OFFSET = 10200;
const ACCESS_DENIED_OEM = 'error validating proposal: access denied: channel [mobility] creator org [OemMSP]';
// Fabric's MSP refuses to deserialize a certificate that does not chain to the org's CA.
const CREATOR_MALFORMED = 'error validating proposal: access denied: channel [mobility] creator org unknown, creator is malformed';
const WRITERS_REFUSAL = "implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Writers' sub-policies to be satisfied";
const { VALID, DUPLICATE_TXID } = peer.TxValidationCode;

const utf8 = new TextDecoder();

function expectGatewayError(error: Error, type: typeof GatewayError, code: GrpcStatus, message: string): void {
  expect(error).to.be.instanceOf(type);
  expect((error as GatewayError).code, error.message).to.equal(code);
  expect(error.message).to.equal(message);
}

describe('end to end: who may use the gateway (identities, signatures, replays, channel writers)', function () {
  this.timeout(120_000);
  let network: E2eNetwork;
  /** How the gateways name these orgs' peers in ErrorDetail.address (depends on the target). */
  let oemPeer: string;
  let auditPeer: string;
  let oem: Contract;
  let device: string;

  const change = (reason: string): string => JSON.stringify({ address: device, reason });
  const deviceStatus = async (): Promise<string> => JSON.parse(utf8.decode(await oem.evaluateTransaction('devices:Get', device))).status;

  before(async () => {
    network = await E2eNetwork.start(PORT_OFFSET);
    oemPeer = network.gatewayAddress('OemMSP');
    auditPeer = network.gatewayAddress('AuditMSP');
    oem = network.clients.oem.contract();
    const phone = new Wallet(hexlify(randomBytes(32)));
    const request = await signedRequest(phone, 'devices.register', { publicKey: phone.signingKey.publicKey, type: 'owner-phone' });
    await oem.submitTransaction('devices:Register', JSON.stringify(request));
    device = phone.address;
  });

  after(async () => {
    await network?.stop();
  });

  describe('a client whose certificate comes from a CA outside the consortium', () => {
    let intruder: Gateway;

    before(async () => {
      const foreign = await foreignClientIdentity('OemMSP');
      intruder = gatewayFor(network.clients.oem.client, foreign.identity, signers.newPrivateKeySigner(foreign.privateKey));
    });

    after(() => intruder?.close());

    it('is refused on evaluate: the endorser denies access to the org it claims', async () => {
      const error = await rejectionOf(intruder.getNetwork('mobility').getContract('mobility').evaluateTransaction('devices:Get', device));
      expectGatewayError(error, GatewayError, GrpcStatus.FAILED_PRECONDITION, `9 FAILED_PRECONDITION: evaluate call to endorser returned error: ${CREATOR_MALFORMED}`);
      expect((error as GatewayError).details).to.deep.equal([{ address: oemPeer, mspId: 'OemMSP', message: CREATOR_MALFORMED }]);
    });

    it('is refused on submit, and nothing changes', async () => {
      const error = await rejectionOf(intruder.getNetwork('mobility').getContract('mobility').submitTransaction('devices:Suspend', change('intruder')));
      expectGatewayError(error, EndorseError, GrpcStatus.ABORTED, '10 ABORTED: failed to endorse transaction, see attached details for more info');
      expect((error as EndorseError).details).to.deep.equal([{ address: oemPeer, mspId: 'OemMSP', message: CREATOR_MALFORMED }]);
      expect(await deviceStatus()).to.equal('active');
    });

    it('is refused chaincode events (PERMISSION_DENIED) and blocks (FORBIDDEN)', async () => {
      const events = await intruder.getNetwork('mobility').getChaincodeEvents('mobility', { startBlock: 0n });
      const eventsError = (await firstStreamError(events)) as GatewayError;
      expect(eventsError).to.be.instanceOf(GatewayError);
      expect(eventsError.code).to.equal(GrpcStatus.PERMISSION_DENIED);
      expect(eventsError.message).to.contain('/Channel/Application/Readers');
      const blocks = await intruder.getNetwork('mobility').getBlockEvents({ startBlock: 0n });
      expect(((await firstStreamError(blocks)) as Error).message).to.equal(`Unexpected status response: ${403}`);
    });

    it('claiming an MSP the channel does not know, it is a malformed creator', async () => {
      const stranger = await foreignClientIdentity('EvilMSP');
      const gateway = gatewayFor(network.clients.oem.client, stranger.identity, signers.newPrivateKeySigner(stranger.privateKey));
      try {
        const error = await rejectionOf(gateway.getNetwork('mobility').getContract('mobility').evaluateTransaction('devices:Get', device));
        expectGatewayError(
          error,
          GatewayError,
          GrpcStatus.FAILED_PRECONDITION,
          '9 FAILED_PRECONDITION: evaluate call to endorser returned error: error validating proposal: access denied: channel [mobility] creator org unknown, creator is malformed',
        );
      } finally {
        gateway.close();
      }
    });
  });

  describe('a tampered signature', () => {
    let tampering: Gateway;

    before(() => {
      const { client, identity, signer } = network.clients.oem;
      tampering = gatewayFor(client, identity, tamperingSigner(signer));
    });

    after(() => tampering?.close());

    it('on a proposal is refused on evaluate and on submit', async () => {
      const contract = tampering.getNetwork('mobility').getContract('mobility');
      const evaluateError = await rejectionOf(contract.evaluateTransaction('devices:Get', device));
      expectGatewayError(evaluateError, GatewayError, GrpcStatus.FAILED_PRECONDITION, `9 FAILED_PRECONDITION: evaluate call to endorser returned error: ${ACCESS_DENIED_OEM}`);
      const submitError = await rejectionOf(contract.submitTransaction('devices:Suspend', change('tampered proposal')));
      expectGatewayError(submitError, EndorseError, GrpcStatus.ABORTED, '10 ABORTED: failed to endorse transaction, see attached details for more info');
      expect((submitError as EndorseError).details).to.deep.equal([{ address: oemPeer, mspId: 'OemMSP', message: ACCESS_DENIED_OEM }]);
    });

    it('on an endorsed transaction envelope is refused by the orderer (FORBIDDEN), and nothing changes', async () => {
      const transaction = await oem.newProposal('devices:Suspend', { arguments: [change('tampered envelope')] }).endorse();
      const signature = await network.clients.oem.signer(transaction.getDigest());
      const forged = network.clients.oem.gateway.newSignedTransaction(transaction.getBytes(), tampered(signature));
      const error = await rejectionOf(forged.submit());
      // SubmitError is exported as a type only: check the class by name.
      expect(error).to.be.instanceOf(GatewayError);
      expect(error.name).to.equal('SubmitError');
      expect((error as SubmitError).code).to.equal(GrpcStatus.ABORTED);
      expect((error as SubmitError).transactionId).to.equal(transaction.getTransactionId());
      expect(error.message).to.match(/^10 ABORTED: received unsuccessful response from orderer: status=FORBIDDEN, info=.+: permission denied$/);
      expect(await deviceStatus()).to.equal('active');
    });

    it('on a commit status request is PERMISSION_DENIED', async () => {
      const submitted = await oem.submitAsync('devices:Get', { arguments: [device] });
      const commit = tampering.newCommit(submitted.getBytes());
      const error = await rejectionOf(commit.getStatus());
      expect(error).to.be.instanceOf(CommitStatusError);
      expect((error as CommitStatusError).code).to.equal(GrpcStatus.PERMISSION_DENIED);
      // Fabric's ACL for Gateway_CommitStatus is the channel's Readers policy.
      expect(error.message).to.contain('/Channel/Application/Readers');
      expect((await submitted.getStatus()).code).to.equal(VALID);
    });
  });

  describe('a replayed transaction', () => {
    it('replayed as a proposal through another org’s gateway is refused as a duplicate, naming the creator', async () => {
      const proposal = oem.newProposal('devices:Suspend', { arguments: [change('replayed proposal')] });
      expect((await (await proposal.endorse()).submit().then((submitted) => submitted.getStatus())).code).to.equal(VALID);
      const signature = await network.clients.oem.signer(proposal.getDigest());
      const elsewhere = gatewayFor(network.clients.audit.client, network.clients.oem.identity);
      try {
        const error = await rejectionOf(elsewhere.newSignedProposal(proposal.getBytes(), signature).endorse());
        expectGatewayError(error, EndorseError, GrpcStatus.ABORTED, '10 ABORTED: failed to endorse transaction, see attached details for more info');
        const creator = new msp.SerializedIdentity();
        creator.setMspid('OemMSP');
        creator.setIdBytes(network.clients.oem.identity.credentials);
        const creatorHex = Buffer.from(creator.serializeBinary()).toString('hex');
        expect((error as EndorseError).details).to.deep.equal([
          { address: auditPeer, mspId: 'AuditMSP', message: `duplicate transaction found [${proposal.getTransactionId()}]. Creator [${creatorHex}]` },
        ]);
      } finally {
        elsewhere.close();
      }
      // Undo, for the tests that follow.
      await oem.submitTransaction('devices:Reinstate', change('replay test done'));
    });

    it('replayed as a signed envelope is committed as DUPLICATE_TXID and changes nothing', async () => {
      const suspend = await oem.newProposal('devices:Suspend', { arguments: [change('suspend once')] }).endorse();
      const suspended = await (await suspend.submit()).getStatus();
      expect(suspended.code).to.equal(VALID);
      await oem.submitTransaction('devices:Reinstate', change('back'));
      expect(await deviceStatus()).to.equal('active');

      const replay = await suspend.submit();
      const blocks = await network.clients.audit.gateway.getNetwork('mobility').getFilteredBlockEvents({ startBlock: suspended.blockNumber + 1n });
      const received = await readUntil(blocks, (all) =>
        all.some((block) => block.getFilteredTransactionsList().some((tx) => tx.getTxid() === replay.getTransactionId())),
      );
      const replayed = received.flatMap((block) => block.getFilteredTransactionsList()).filter((tx) => tx.getTxid() === replay.getTransactionId());
      expect(replayed.map((tx) => tx.getTxValidationCode())).to.deep.equal([DUPLICATE_TXID]);
      expect(await deviceStatus()).to.equal('active');
    });
  });

  describe('a client of the orderer org', () => {
    let ordererAdmin: Gateway;

    before(async () => {
      const { identity, signer } = await ordererOrgUser(network.process.ready.dataDir);
      ordererAdmin = gatewayFor(network.clients.oem.client, identity, signer);
    });

    after(() => ordererAdmin?.close());

    it('cannot submit: it is no writer of the application channel', async () => {
      const error = await rejectionOf(ordererAdmin.getNetwork('mobility').getContract('mobility').submitTransaction('devices:Suspend', change('orderer')));
      expectGatewayError(error, EndorseError, GrpcStatus.ABORTED, '10 ABORTED: failed to endorse transaction, see attached details for more info');
      const [detail, ...others] = (error as EndorseError).details;
      expect(others).to.deep.equal([]);
      expect(detail).to.include({ address: oemPeer, mspId: 'OemMSP' });
      expect(detail?.message).to.contain('/Channel/Application/Writers').and.to.contain(WRITERS_REFUSAL);
      expect(await deviceStatus()).to.equal('active');
    });

    it('cannot evaluate either: proposals need the Writers policy', async () => {
      const error = await rejectionOf(ordererAdmin.getNetwork('mobility').getContract('mobility').evaluateTransaction('devices:Get', device));
      expect(error).to.be.instanceOf(GatewayError);
      expect((error as GatewayError).code).to.equal(GrpcStatus.FAILED_PRECONDITION);
      expect(error.message).to.contain(WRITERS_REFUSAL);
    });
  });
});
