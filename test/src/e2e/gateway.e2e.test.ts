import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  checkpointers,
  CommitError,
  EndorseError,
  GatewayError,
  type ChaincodeEvent,
  type Contract,
  type ErrorDetail,
  type Proposal,
} from '@hyperledger/fabric-gateway';
import { common, gateway, peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { hexlify, randomBytes, Wallet } from 'ethers';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gatewayFor } from '../support/custom-gateway';
import { E2eNetwork, signedRequest } from '../support/e2e-network';
import { readUntil } from '../support/event-streams';
import { rejectionOf } from '../support/rejection';
import { publishTerms, registerRider, rideRequest } from '../support/ride-request';

/** Ports: Fabric defaults + this offset (OemMSP peer 17251, MobilityMSP 19251, AuditMSP 21251). */
const PORT_OFFSET = 10200;
const { VALID, MVCC_READ_CONFLICT, ENDORSEMENT_POLICY_FAILURE, DUPLICATE_TXID } = peer.TxValidationCode;

const utf8 = new TextDecoder();

interface LedgerEventPayload {
  readonly version: number;
  readonly txId: string;
  readonly notices: readonly { type: string; to: string[]; data: Record<string, unknown> }[];
}

/** A devices:Register proposal for a new owner phone vouched for by OemMSP (the contract's client must be an OemMSP user). */
async function registrationProposal(contract: Contract): Promise<{ wallet: Wallet; proposal: Proposal }> {
  const wallet = new Wallet(hexlify(randomBytes(32)));
  const request = await signedRequest(wallet, 'devices.register', { publicKey: wallet.signingKey.publicKey, type: 'owner-phone' });
  return { wallet, proposal: contract.newProposal('devices:Register', { arguments: [JSON.stringify(request)] }) };
}

/** Registers an owner phone vouched for by OemMSP and waits for its commit. */
async function registerOwnerPhone(contract: Contract): Promise<{ wallet: Wallet; txId: string; blockNumber: bigint }> {
  const { wallet, proposal } = await registrationProposal(contract);
  const submitted = await (await proposal.endorse()).submit();
  const status = await submitted.getStatus();
  expect(status.successful, `register ${submitted.getTransactionId()}`).to.equal(true);
  return { wallet, txId: submitted.getTransactionId(), blockNumber: status.blockNumber };
}

function detailsOf(error: Error): ErrorDetail[] {
  expect(error).to.be.instanceOf(GatewayError);
  return (error as GatewayError).details;
}

describe('end to end: Fabric 2.5 gateway behaviour through fabric-gateway', function () {
  this.timeout(120_000);
  let network: E2eNetwork;
  /** How the gateways name these orgs' peers in ErrorDetail.address (depends on the target). */
  let oemPeer: string;
  let auditPeer: string;
  let oem: Contract;
  let audit: Contract;
  let operator: Contract;
  let rider: Wallet;

  before(async () => {
    network = await E2eNetwork.start(PORT_OFFSET);
    oemPeer = network.gatewayAddress('OemMSP');
    auditPeer = network.gatewayAddress('AuditMSP');
    oem = network.clients.oem.contract();
    audit = network.clients.audit.contract();
    operator = network.clients.mobility.contract();
    await publishTerms(operator);
    rider = await registerRider(operator);
  });

  after(async () => {
    await network?.stop();
  });

  describe('transactions', () => {
    it('submitTransaction returns the result once committed; evaluateTransaction on another org reads it', async () => {
      const phone = new Wallet(hexlify(randomBytes(32)));
      const request = await signedRequest(phone, 'devices.register', { publicKey: phone.signingKey.publicKey, type: 'owner-phone' });
      const result = JSON.parse(utf8.decode(await oem.submitTransaction('devices:Register', JSON.stringify(request))));
      expect(result).to.include({ address: phone.address, org: 'OemMSP', status: 'active' });
      const read = JSON.parse(utf8.decode(await audit.evaluateTransaction('devices:Get', phone.address)));
      expect(read).to.deep.equal(result);
    });

    it('submitAsync returns the result before commit; getStatus gives VALID, the block number and successful', async () => {
      const phone = new Wallet(hexlify(randomBytes(32)));
      const request = await signedRequest(phone, 'devices.register', { publicKey: phone.signingKey.publicKey, type: 'owner-phone' });
      const submitted = await oem.submitAsync('devices:Register', { arguments: [JSON.stringify(request)] });
      expect(JSON.parse(utf8.decode(submitted.getResult())).address).to.equal(phone.address);
      const status = await submitted.getStatus();
      expect(status).to.include({ code: VALID, successful: true, transactionId: submitted.getTransactionId() });
      expect(status.blockNumber > 0n).to.equal(true);
      // The block the status names holds the transaction.
      const blocks = await network.clients.oem.gateway.getNetwork('mobility').getFilteredBlockEvents({ startBlock: status.blockNumber });
      const [block] = await readUntil(blocks, (received) => received.length === 1);
      expect(BigInt(block?.getNumber() ?? -1)).to.equal(status.blockNumber);
      expect(block?.getFilteredTransactionsList().map((tx) => tx.getTxid())).to.include(submitted.getTransactionId());
    });

    it('runs the offline-signing flow: newProposal, endorse, submit, commit status, each signed separately', async () => {
      const connection = network.clients.oem;
      const offline = gatewayFor(connection.client, connection.identity);
      try {
        const phone = new Wallet(hexlify(randomBytes(32)));
        const request = await signedRequest(phone, 'devices.register', { publicKey: phone.signingKey.publicKey, type: 'owner-phone' });
        const unsigned = offline.getNetwork('mobility').getContract('mobility').newProposal('devices:Register', { arguments: [JSON.stringify(request)] });
        const proposal = offline.newSignedProposal(unsigned.getBytes(), await connection.signer(unsigned.getDigest()));
        expect(proposal.getTransactionId()).to.equal(unsigned.getTransactionId());
        const unsignedTx = await proposal.endorse();
        expect(unsignedTx.getTransactionId()).to.equal(proposal.getTransactionId());
        expect(JSON.parse(utf8.decode(unsignedTx.getResult())).address).to.equal(phone.address);
        const transaction = offline.newSignedTransaction(unsignedTx.getBytes(), await connection.signer(unsignedTx.getDigest()));
        const unsignedCommit = await transaction.submit();
        const commit = offline.newSignedCommit(unsignedCommit.getBytes(), await connection.signer(unsignedCommit.getDigest()));
        const status = await commit.getStatus();
        expect(status).to.include({ code: VALID, successful: true, transactionId: proposal.getTransactionId() });
        // The committed envelope carries the endorsements of a MAJORITY (two orgs) and the client's signature.
        const envelope = gateway.PreparedTransaction.deserializeBinary(unsignedTx.getBytes()).getEnvelope() ?? new common.Envelope();
        const action = peer.Transaction.deserializeBinary(common.Payload.deserializeBinary(envelope.getPayload_asU8()).getData_asU8()).getActionsList()[0];
        const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action?.getPayload_asU8() ?? new Uint8Array()).getAction();
        expect(endorsed?.getEndorsementsList()).to.have.length(2);
      } finally {
        offline.close();
      }
    });

    it('carries transient data to the named endorsing orgs only, never into the block', async () => {
      const ride = await rideRequest(rider);
      const submitted = await operator.submitAsync('rideshare:RequestRide', {
        arguments: [ride.argument],
        transientData: ride.transientData,
        endorsingOrganizations: ['MobilityMSP', 'AuditMSP'],
      });
      const status = await submitted.getStatus();
      expect(status).to.include({ code: VALID, successful: true });
      const rideId = JSON.parse(utf8.decode(submitted.getResult())).rideId as string;
      // The operator's own peer holds the private opening; the other endorser kept only its hash.
      const stored = await operator.evaluate('rideshare:ReadPrivateItem', { arguments: [rideId, 'request-details'], endorsingOrganizations: ['MobilityMSP'] });
      expect(utf8.decode(stored)).to.equal(ride.detailsJson);
      const blocks = await network.clients.mobility.gateway.getNetwork('mobility').getBlockEvents({ startBlock: status.blockNumber });
      const [block] = await readUntil(blocks, (received) => received.length === 1);
      const blockBytes = Buffer.from(block?.serializeBinary() ?? new Uint8Array());
      expect(blockBytes.includes(Buffer.from(submitted.getTransactionId())), 'the transaction is in the block').to.equal(true);
      expect(blockBytes.includes(Buffer.from(ride.secret)), 'transient secret in the block').to.equal(false);
    });

    it('refuses transient data written to a collection whose members cannot satisfy the policy, when the client names no orgs', async () => {
      const ride = await rideRequest(rider);
      const error = await rejectionOf(operator.submit('rideshare:RequestRide', { arguments: [ride.argument], transientData: ride.transientData }));
      expect(error).to.be.instanceOf(EndorseError);
      expect((error as EndorseError).code).to.equal(GrpcStatus.FAILED_PRECONDITION);
      expect(error.message).to.equal(
        '9 FAILED_PRECONDITION: requires endorsement from organisation(s) that are not in the distribution policy of the private data collection(s): ' +
          '[operatorPrivate]; retry specifying trusted endorsing organizations to protect transient data',
      );
      expect(detailsOf(error)).to.deep.equal([]);
    });
  });

  describe('chaincode events', () => {
    let startBlock: bigint;
    const txIds: string[] = [];

    before(async () => {
      // Six registrations submitted together: several share a block, so checkpoints fall inside blocks.
      const first = await registerOwnerPhone(oem);
      startBlock = first.blockNumber;
      txIds.push(first.txId);
      // Endorsed first, then ordered together, so the batch timeout cuts them into as few blocks as it can.
      const endorsed = await Promise.all([1, 2, 3, 4, 5].map(async () => (await registrationProposal(oem)).proposal.endorse()));
      const submitted = await Promise.all(endorsed.map((transaction) => transaction.submit()));
      for (const transaction of submitted) expect((await transaction.getStatus()).successful).to.equal(true);
      txIds.push(...submitted.map((transaction) => transaction.getTransactionId()));
    });

    const ours = (events: readonly ChaincodeEvent[]): ChaincodeEvent[] => events.filter((event) => txIds.includes(event.transactionId));

    it('delivers the events of committed transactions from a start block, with txId, name and documented payload', async () => {
      const events = await network.clients.audit.gateway.getNetwork('mobility').getChaincodeEvents('mobility', { startBlock });
      const received = ours(await readUntil(events, (all) => ours(all).length === txIds.length));
      expect(received.map((event) => event.transactionId).sort()).to.deep.equal([...txIds].sort());
      for (const event of received) {
        expect(event.chaincodeName).to.equal('mobility');
        expect(event.eventName).to.equal('devices.Registered');
        const payload = JSON.parse(utf8.decode(event.payload)) as LedgerEventPayload;
        expect(payload.version).to.equal(1);
        expect(payload.txId).to.equal(event.transactionId);
        expect(payload.notices).to.have.length(1);
        expect(payload.notices[0]).to.include({ type: 'devices.Registered' });
        expect(payload.notices[0]?.to).to.include('org:OemMSP');
        expect(payload.notices[0]?.data).to.include({ org: 'OemMSP', type: 'owner-phone' });
      }
      const blockNumbers = received.map((event) => event.blockNumber);
      expect(blockNumbers).to.deep.equal([...blockNumbers].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(blockNumbers[0]).to.equal(startBlock);
    });

    it('resumes from a file checkpoint without missing or repeating an event', async () => {
      const mobilityNetwork = network.clients.mobility.gateway.getNetwork('mobility');
      const reference = ours(await readUntil(await mobilityNetwork.getChaincodeEvents('mobility', { startBlock }), (all) => ours(all).length === txIds.length));
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-e2e-checkpoint-'));
      try {
        const file = path.join(dir, 'checkpoint.json');
        const checkpointer = await checkpointers.file(file);
        const stream = await mobilityNetwork.getChaincodeEvents('mobility', { startBlock, checkpoint: checkpointer });
        const firstPart = await readUntil(stream, (all) => ours(all).length === 3);
        for (const event of firstPart) await checkpointer.checkpointChaincodeEvent(event);
        // A new process would reload the checkpoint from the file: resume from there.
        const reloaded = await checkpointers.file(file);
        expect(reloaded.getTransactionId()).to.equal(reference[2]?.transactionId);
        expect(reloaded.getBlockNumber()).to.equal(reference[2]?.blockNumber);
        const resumed = await mobilityNetwork.getChaincodeEvents('mobility', { startBlock: 0n, checkpoint: reloaded });
        const secondPart = await readUntil(resumed, (all) => ours(all).length === txIds.length - 3);
        const seen = [...ours(firstPart), ...ours(secondPart)].map((event) => event.transactionId);
        expect(seen).to.deep.equal(reference.map((event) => event.transactionId));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    // The five concurrent registrations usually share a block: the checkpoints then fall inside it (after-transaction resume).
    it('resumes from an in-memory checkpoint without missing or repeating an event', async () => {
      const auditNetwork = network.clients.audit.gateway.getNetwork('mobility');
      const reference = ours(await readUntil(await auditNetwork.getChaincodeEvents('mobility', { startBlock }), (all) => ours(all).length === txIds.length));
      const checkpointer = checkpointers.inMemory();
      const firstPart = await readUntil(await auditNetwork.getChaincodeEvents('mobility', { startBlock, checkpoint: checkpointer }), (all) => ours(all).length === 4);
      for (const event of firstPart) await checkpointer.checkpointChaincodeEvent(event);
      const secondPart = await readUntil(await auditNetwork.getChaincodeEvents('mobility', { checkpoint: checkpointer }), (all) => ours(all).length === 2);
      expect([...ours(firstPart), ...ours(secondPart)].map((event) => event.transactionId)).to.deep.equal(reference.map((event) => event.transactionId));
    });
  });

  describe('block events', () => {
    let startBlock: bigint;
    let txId: string;

    before(async () => {
      const registration = await registerOwnerPhone(oem);
      startBlock = registration.blockNumber - 2n;
      txId = registration.txId;
    });

    it('getBlockEvents delivers consecutive blocks from the start block', async () => {
      const blocks = await network.clients.oem.gateway.getNetwork('mobility').getBlockEvents({ startBlock });
      const received = await readUntil(blocks, (all) => all.length === 3);
      expect(received.map((block) => BigInt(block.getHeader()?.getNumber() ?? -1))).to.deep.equal([startBlock, startBlock + 1n, startBlock + 2n]);
      const last = received[2];
      const txIds = (last?.getData()?.getDataList_asU8() ?? []).map((bytes) => {
        const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(bytes).getPayload_asU8());
        return common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array()).getTxId();
      });
      expect(txIds).to.include(txId);
    });

    it('getFilteredBlockEvents delivers consecutive filtered blocks whose transactions carry txId, type and validation code', async () => {
      const blocks = await network.clients.audit.gateway.getNetwork('mobility').getFilteredBlockEvents({ startBlock });
      const received = await readUntil(blocks, (all) => all.length === 3);
      expect(received.map((block) => BigInt(block.getNumber()))).to.deep.equal([startBlock, startBlock + 1n, startBlock + 2n]);
      expect(received.every((block) => block.getChannelId() === 'mobility')).to.equal(true);
      const ourTx = received[2]?.getFilteredTransactionsList().find((tx) => tx.getTxid() === txId);
      expect(ourTx?.getTxValidationCode()).to.equal(VALID);
      expect(ourTx?.getType()).to.equal(common.HeaderType.ENDORSER_TRANSACTION);
      const event = ourTx?.getTransactionActions()?.getChaincodeActionsList()[0]?.getChaincodeEvent();
      expect(event?.getEventName()).to.equal('devices.Registered');
      expect(event?.getPayload_asU8()).to.have.length(0);
    });

    it('getBlockAndPrivateDataEvents delivers consecutive blocks with their private data maps', async () => {
      const blocks = await network.clients.mobility.gateway.getNetwork('mobility').getBlockAndPrivateDataEvents({ startBlock });
      const received = await readUntil(blocks, (all) => all.length === 3);
      expect(received.map((entry) => BigInt(entry.getBlock()?.getHeader()?.getNumber() ?? -1))).to.deep.equal([startBlock, startBlock + 1n, startBlock + 2n]);
      // Device registrations write no private data.
      expect(received[2]?.getPrivateDataMapMap().getLength()).to.equal(0);
    });
  });

  describe('errors', () => {
    let device: Wallet;

    before(async () => {
      device = (await registerOwnerPhone(oem)).wallet;
    });

    const change = (address: string, reason: string): string => JSON.stringify({ address, reason });

    it('a chaincode error on submit is an EndorseError naming the peer, its MSP and the chaincode response', async () => {
      const unknown = new Wallet(hexlify(randomBytes(32))).address;
      const proposal = oem.newProposal('devices:Suspend', { arguments: [change(unknown, 'lost')] });
      const error = await rejectionOf(proposal.endorse());
      expect(error).to.be.instanceOf(EndorseError);
      expect((error as EndorseError).transactionId).to.equal(proposal.getTransactionId());
      expect((error as EndorseError).code).to.equal(GrpcStatus.ABORTED);
      expect(error.message).to.equal('10 ABORTED: failed to endorse transaction, see attached details for more info');
      expect(detailsOf(error)).to.deep.equal([
        { address: oemPeer, mspId: 'OemMSP', message: `chaincode response 500, NOT_FOUND: device: ${unknown} does not exist` },
      ]);
    });

    it('a chaincode error on evaluate is a GatewayError with code UNKNOWN', async () => {
      const error = await rejectionOf(audit.evaluateTransaction('devices:Get', 'not-an-address'));
      expect(error).to.be.instanceOf(GatewayError);
      expect((error as GatewayError).code).to.equal(GrpcStatus.UNKNOWN);
      const expectedMessage = 'chaincode response 500, INVALID_ARGUMENT: address: must be a 0x-prefixed 20-byte hex address';
      expect(error.message).to.equal(`2 UNKNOWN: evaluate call to endorser returned error: ${expectedMessage}`);
      expect(detailsOf(error)).to.deep.equal([{ address: auditPeer, mspId: 'AuditMSP', message: expectedMessage }]);
    });

    it('a transaction endorsed by one org only fails at commit with ENDORSEMENT_POLICY_FAILURE (CommitError)', async () => {
      const error = await rejectionOf(oem.submit('devices:Suspend', { arguments: [change(device.address, 'one endorser')], endorsingOrganizations: ['OemMSP'] }));
      expect(error).to.be.instanceOf(CommitError);
      expect((error as CommitError).code).to.equal(ENDORSEMENT_POLICY_FAILURE);
      expect(error.message).to.match(/^Transaction [0-9a-f]{64} failed to commit with status code 10 \(ENDORSEMENT_POLICY_FAILURE\)$/);
      // Nothing changed.
      expect(JSON.parse(utf8.decode(await oem.evaluateTransaction('devices:Get', device.address))).status).to.equal('active');
    });

    it('endorsing organizations without a peer are UNAVAILABLE', async () => {
      const error = await rejectionOf(oem.submit('devices:Suspend', { arguments: [change(device.address, 'x')], endorsingOrganizations: ['OemMSP', 'NopeMSP'] }));
      expect(error).to.be.instanceOf(EndorseError);
      expect((error as EndorseError).code).to.equal(GrpcStatus.UNAVAILABLE);
      expect(error.message).to.equal('14 UNAVAILABLE: failed to find any endorsing peers for org(s): NopeMSP');
    });

    it('an unknown channel: evaluate UNAVAILABLE (no channel config), submit FAILED_PRECONDITION (no chaincode metadata), events PERMISSION_DENIED', async () => {
      const elsewhere = network.clients.oem.gateway.getNetwork('nosuch');
      const evaluateError = await rejectionOf(elsewhere.getContract('mobility').evaluateTransaction('devices:Get', device.address));
      expect((evaluateError as GatewayError).code).to.equal(GrpcStatus.UNAVAILABLE);
      expect(evaluateError.message).to.equal('14 UNAVAILABLE: failed to get config for channel [nosuch]: could not get last config for channel nosuch');
      const submitError = await rejectionOf(elsewhere.getContract('mobility').submitTransaction('devices:Suspend', change(device.address, 'x')));
      expect(submitError).to.be.instanceOf(EndorseError);
      expect((submitError as EndorseError).code).to.equal(GrpcStatus.FAILED_PRECONDITION);
      expect(submitError.message).to.equal(
        '9 FAILED_PRECONDITION: no combination of peers can be derived which satisfy the endorsement policy: No metadata was found for chaincode mobility in channel nosuch',
      );
      const events = await elsewhere.getChaincodeEvents('mobility', { startBlock: 0n });
      const eventsError = await rejectionOf(readUntil(events, () => true, 10_000));
      expect((eventsError as GatewayError).code).to.equal(GrpcStatus.PERMISSION_DENIED);
      expect(eventsError.message).to.equal('7 PERMISSION_DENIED: Failed to get policy manager for channel [nosuch]');
    });

    it('an unknown chaincode: evaluate and submit FAILED_PRECONDITION with Fabric’s messages', async () => {
      const contract = network.clients.oem.contract('nosuch');
      const evaluateError = await rejectionOf(contract.evaluateTransaction('anything'));
      expect((evaluateError as GatewayError).code).to.equal(GrpcStatus.FAILED_PRECONDITION);
      expect(evaluateError.message).to.equal('9 FAILED_PRECONDITION: no peers available to evaluate chaincode nosuch in channel mobility');
      const submitError = await rejectionOf(contract.submitTransaction('anything'));
      expect(submitError).to.be.instanceOf(EndorseError);
      expect((submitError as EndorseError).code).to.equal(GrpcStatus.FAILED_PRECONDITION);
      expect(submitError.message).to.equal(
        '9 FAILED_PRECONDITION: no combination of peers can be derived which satisfy the endorsement policy: No metadata was found for chaincode nosuch in channel mobility',
      );
    });

    it('two transactions endorsed on the same device state: one commits VALID, the other MVCC_READ_CONFLICT', async () => {
      const target = (await registerOwnerPhone(oem)).wallet;
      // Both read and write the device record; both are endorsed before either is ordered.
      const suspend = await oem.newProposal('devices:Suspend', { arguments: [change(target.address, 'race: suspend')] }).endorse();
      const revoke = await oem.newProposal('devices:Revoke', { arguments: [change(target.address, 'race: revoke')] }).endorse();
      const [suspended, revoked] = await Promise.all([suspend.submit(), revoke.submit()]);
      const statuses = await Promise.all([suspended.getStatus(), revoked.getStatus()]);
      expect(statuses.map((status) => status.code).sort()).to.deep.equal([VALID, MVCC_READ_CONFLICT]);
      const winner = statuses[0]?.code === VALID ? 'suspended' : 'revoked';
      const loser = statuses.find((status) => status.code === MVCC_READ_CONFLICT);
      expect(loser?.successful).to.equal(false);
      expect(JSON.parse(utf8.decode(await audit.evaluateTransaction('devices:Get', target.address))).status).to.equal(winner);
    });

    describe('a replayed transaction ID', () => {
      let proposal: Proposal;
      let committedBlock: bigint;
      let resubmit: () => Promise<bigint>;

      before(async () => {
        const target = (await registerOwnerPhone(oem)).wallet;
        proposal = oem.newProposal('devices:Suspend', { arguments: [change(target.address, 'replay')], endorsingOrganizations: ['OemMSP', 'AuditMSP'] });
        const transaction = await proposal.endorse();
        const committed = await (await transaction.submit()).getStatus();
        expect(committed.code).to.equal(VALID);
        committedBlock = committed.blockNumber;
        resubmit = async () => {
          const again = await transaction.submit();
          const status = await again.getStatus();
          // Fabric finds the transaction ID in the ledger: the first, valid, commit answers.
          expect(status).to.include({ code: VALID, blockNumber: committedBlock });
          return status.blockNumber;
        };
      });

      it('is refused at endorsement: "duplicate transaction found" from every named org', async () => {
        const error = await rejectionOf(proposal.endorse());
        expect(error).to.be.instanceOf(EndorseError);
        expect((error as EndorseError).code).to.equal(GrpcStatus.ABORTED);
        expect(error.message).to.equal('10 ABORTED: failed to collect enough transaction endorsements, see attached details for more info');
        const duplicate = `duplicate transaction found [${proposal.getTransactionId()}]. Creator [`;
        const details = detailsOf(error);
        expect(details.map((detail) => [detail.address, detail.mspId])).to.deep.equal([
          [oemPeer, 'OemMSP'],
          [auditPeer, 'AuditMSP'],
        ]);
        // The gateway's own peer answers in process; another org's peer over gRPC, as an error status.
        expect(details[0]?.message.startsWith(duplicate)).to.equal(true);
        expect(details[1]?.message.startsWith(`rpc error: code = Unknown desc = ${duplicate}`)).to.equal(true);
      });

      it('re-submitted as a signed envelope, it is ordered again and invalidated as DUPLICATE_TXID', async () => {
        await resubmit();
        const blocks = await network.clients.oem.gateway.getNetwork('mobility').getFilteredBlockEvents({ startBlock: committedBlock + 1n });
        const received = await readUntil(blocks, (all) =>
          all.some((block) => block.getFilteredTransactionsList().some((tx) => tx.getTxid() === proposal.getTransactionId())),
        );
        const duplicate = received.flatMap((block) => block.getFilteredTransactionsList()).find((tx) => tx.getTxid() === proposal.getTransactionId());
        expect(duplicate?.getTxValidationCode()).to.equal(DUPLICATE_TXID);
      });
    });
  });
});
