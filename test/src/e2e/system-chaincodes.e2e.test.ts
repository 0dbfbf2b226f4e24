import * as grpc from '@grpc/grpc-js';
import { connect, GatewayError, signers, type Contract, type Gateway } from '@hyperledger/fabric-gateway';
import { common, gateway, ledger, peer } from '@hyperledger/fabric-protos';
import { canonicalJson } from '@mobility-ledger/chaincode';
import { expect } from 'chai';
import { id } from 'ethers';
import { createHash, createPrivateKey } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { headerHash } from '../support/block-verification';
import { submitRegistration } from '../support/device-registration';
import { E2eDevice } from '../support/e2e-devices';
import { E2eNetwork, ORGS, type OrgName } from '../support/e2e-network';
import { tearDownNetwork } from '../support/e2e-teardown';
import { submitValid } from '../support/committed-submission';

const PORT_OFFSET = 10600;
const CHANNEL = 'mobility';
const { VALID, MVCC_READ_CONFLICT } = peer.TxValidationCode;
const GRPC_UNKNOWN = 2;
const VIN = '5YJSA1E26HF000337';
const VEHICLE = { vin: VIN, manufacturer: 'Toyota', buildDate: '2025-11-03', plant: 'Georgetown KY', options: [] };
const OWNER_NAME = 'Grace Brewster Hopper';

/** The transaction IDs of a block's envelopes, by position. */
function txIdsOf(block: common.Block): string[] {
  return (block.getData()?.getDataList_asU8() ?? []).map((entry) => {
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(entry).getPayload_asU8());
    return common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array()).getTxId();
  });
}

function headerHashOf(block: common.Block): Buffer {
  return headerHash(block.getHeader() as common.BlockHeader);
}

async function rejectionOf(call: Promise<unknown>): Promise<GatewayError> {
  const error = await call.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).to.be.instanceOf(GatewayError);
  return error as GatewayError;
}

/** A client of one org connected to another org's peer (TLS roots of that peer), as any channel member may connect. */
async function connectToPeerOf(dataDir: string, user: OrgName, peerOrg: OrgName, peerPort: number): Promise<{ gateway: Gateway; client: grpc.Client }> {
  const userOrg = ORGS[user];
  const userMsp = path.join(dataDir, 'organizations', 'peerOrganizations', userOrg.domain, 'users', `User1@${userOrg.domain}`, 'msp');
  const keyFiles = await fs.readdir(path.join(userMsp, 'keystore'));
  const keyPem = await fs.readFile(path.join(userMsp, 'keystore', keyFiles[0] ?? 'priv_sk'));
  const peerDomain = ORGS[peerOrg].domain;
  const tlsRoot = await fs.readFile(path.join(dataDir, 'organizations', 'peerOrganizations', peerDomain, 'peers', `peer0.${peerDomain}`, 'tls', 'ca.crt'));
  const client = new grpc.Client(`localhost:${peerPort}`, grpc.credentials.createSsl(tlsRoot), { 'grpc.ssl_target_name_override': `peer0.${peerDomain}` });
  const gatewayConnection = connect({
    client,
    identity: { mspId: userOrg.mspId, credentials: await fs.readFile(path.join(userMsp, 'signcerts', 'cert.pem')) },
    signer: signers.newPrivateKeySigner(createPrivateKey(keyPem)),
  });
  return { gateway: gatewayConnection, client };
}

/** The first BlockAndPrivateData event from `startBlock` on, read through DeliverWithPrivateData. */
async function blockAndPrivateData(gatewayConnection: Gateway, startBlock: bigint): Promise<peer.BlockAndPrivateData> {
  const events = await gatewayConnection.getNetwork(CHANNEL).getBlockAndPrivateDataEvents({ startBlock });
  try {
    for await (const event of events) return event;
    throw new Error('the block stream ended');
  } finally {
    events.close();
  }
}

/** `namespace/collection` names and written values of one transaction's private data. */
function privateWrites(txPvt: ledger.rwset.TxPvtReadWriteSet | undefined): { collection: string; values: string[] }[] {
  return (txPvt?.getNsPvtRwsetList() ?? []).flatMap((ns) =>
    ns.getCollectionPvtRwsetList().map((collection) => ({
      collection: `${ns.getNamespace()}/${collection.getCollectionName()}`,
      values: ledger.rwset.kvrwset.KVRWSet.deserializeBinary(collection.getRwset_asU8())
        .getWritesList()
        .map((write) => new TextDecoder().decode(write.getValue_asU8())),
    })),
  );
}

describe('end to end: Fabric system chaincodes (qscc, cscc, _lifecycle) and DeliverWithPrivateData', function () {
  this.timeout(120_000);
  let network: E2eNetwork;
  const oem = (): Contract => network.clients.oem.contract();
  const qscc = (org: OrgName = 'oem'): Contract => network.clients[org].contract('qscc');
  const blockByNumber = async (number: bigint | number): Promise<common.Block> =>
    common.Block.deserializeBinary(await qscc().evaluateTransaction('GetBlockByNumber', CHANNEL, number.toString()));

  before(async () => {
    network = await E2eNetwork.start(PORT_OFFSET);
  });

  after(async () => {
    await tearDownNetwork(network);
  });

  it('GetBlockByTxID returns the block holding the submitted envelope, numbered as the commit status says; GetTransactionByID says VALID', async () => {
    const transaction = await oem().newProposal('devices:Register', { arguments: [await registrationRequest()] }).endorse();
    const submitted = await transaction.submit();
    const status = await submitted.getStatus();
    expect(status.code).to.equal(VALID);
    const envelope = gateway.PreparedTransaction.deserializeBinary(transaction.getBytes()).getEnvelope() as common.Envelope;

    const block = common.Block.deserializeBinary(await qscc('audit').evaluateTransaction('GetBlockByTxID', CHANNEL, submitted.getTransactionId()));
    expect(BigInt(block.getHeader()?.getNumber() ?? -1)).to.equal(status.blockNumber);
    const position = txIdsOf(block).indexOf(submitted.getTransactionId());
    expect(Buffer.from(block.getData()?.getDataList_asU8()[position] ?? [])).to.deep.equal(Buffer.from(envelope.serializeBinary()));

    const processed = peer.ProcessedTransaction.deserializeBinary(await qscc('mobility').evaluateTransaction('GetTransactionByID', CHANNEL, submitted.getTransactionId()));
    expect(processed.getValidationcode()).to.equal(VALID);
    expect(Buffer.from(processed.getTransactionenvelope()?.serializeBinary() ?? [])).to.deep.equal(Buffer.from(envelope.serializeBinary()));
  });

  it('GetTransactionByID gives an MVCC-invalid transaction its validation code', async () => {
    const { address, submitted } = await submitRegistration(oem(), 'OemMSP');
    await submitted.getStatus();
    const change = (reason: string) => ({ arguments: [JSON.stringify({ address, reason })] });
    // Both suspensions read the same device version before either is ordered: the later one fails MVCC.
    const first = await oem().newProposal('devices:Suspend', change('first')).endorse();
    const second = await oem().newProposal('devices:Suspend', change('second')).endorse();
    expect((await (await first.submit()).getStatus()).code).to.equal(VALID);
    const conflicted = await (await second.submit()).getStatus();
    expect(conflicted.code).to.equal(MVCC_READ_CONFLICT);
    const processed = peer.ProcessedTransaction.deserializeBinary(await qscc().evaluateTransaction('GetTransactionByID', CHANNEL, second.getTransactionId()));
    expect(processed.getValidationcode()).to.equal(MVCC_READ_CONFLICT);
  });

  it("refuses an unknown transaction ID with Fabric's block index message", async () => {
    const unknown = 'f'.repeat(64);
    const error = await rejectionOf(qscc().evaluateTransaction('GetTransactionByID', CHANNEL, unknown));
    const expected = `chaincode response 500, Failed to get transaction with id ${unknown}, error no such transaction ID [${unknown}] in index`;
    expect(error.code).to.equal(GRPC_UNKNOWN);
    expect(error.message).to.equal(`2 UNKNOWN: evaluate call to endorser returned error: ${expected}`);
    expect(error.details.map((detail) => [detail.mspId, detail.message])).to.deep.equal([['OemMSP', expected]]);
    const blockError = await rejectionOf(qscc().evaluateTransaction('GetBlockByTxID', CHANNEL, unknown));
    expect(blockError.details[0]?.message).to.equal(`chaincode response 500, Failed to get block for txID ${unknown}, error no such transaction ID [${unknown}] in index`);
  });

  it('GetChainInfo: height and hashes agree with the blocks; GetBlockByHash finds the last block by its hash', async () => {
    const info = common.BlockchainInfo.deserializeBinary(await qscc('audit').evaluateTransaction('GetChainInfo', CHANNEL));
    const height = info.getHeight();
    const last = await blockByNumber(height - 1);
    const beforeLast = await blockByNumber(height - 2);
    expect(last.getHeader()?.getNumber()).to.equal(height - 1);
    expect(Buffer.from(info.getCurrentblockhash_asU8())).to.deep.equal(headerHashOf(last));
    expect(Buffer.from(info.getPreviousblockhash_asU8())).to.deep.equal(Buffer.from(last.getHeader()?.getPreviousHash_asU8() ?? []));
    expect(Buffer.from(info.getPreviousblockhash_asU8())).to.deep.equal(headerHashOf(beforeLast));
    const byHash = common.Block.deserializeBinary(await qscc().evaluate('GetBlockByHash', { arguments: [CHANNEL, info.getCurrentblockhash_asU8()] }));
    expect(byHash.getHeader()?.getNumber()).to.equal(height - 1);
    const beyond = await rejectionOf(qscc().evaluateTransaction('GetBlockByNumber', CHANNEL, String(height)));
    expect(beyond.details[0]?.message).to.equal(`chaincode response 500, Failed to get block number ${height}, error no such block number [${height}] in index`);
  });

  it('cscc: the channel config (org MSPs, policies) and its config block', async () => {
    const config = common.Config.deserializeBinary(await network.clients.mobility.contract('cscc').evaluateTransaction('GetChannelConfig', CHANNEL));
    const application = config.getChannelGroup()?.getGroupsMap().get('Application');
    expect([...(application?.getGroupsMap().keys() ?? [])].sort()).to.deep.equal(['AuditMSP', 'MobilityMSP', 'OemMSP']);
    expect(application?.getPoliciesMap().get('Endorsement')?.getPolicy()?.getType()).to.equal(common.Policy.PolicyType.IMPLICIT_META);
    // The latest config block holds the same config (a real network's anchor peer updates make it a later block than 0).
    const configBlock = common.Block.deserializeBinary(await network.clients.mobility.contract('cscc').evaluateTransaction('GetConfigBlock', CHANNEL));
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(configBlock.getData()?.getDataList_asU8()[0] ?? new Uint8Array()).getPayload_asU8());
    expect(common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array()).getType()).to.equal(common.HeaderType.CONFIG);
    expect(common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig()?.getSequence()).to.equal(config.getSequence());
  });

  it('_lifecycle: the committed definition of the mobility chaincode, and 404 for an undefined one', async () => {
    const lifecycle = network.clients.audit.contract('_lifecycle');
    const args = new peer.lifecycle.QueryChaincodeDefinitionArgs();
    args.setName('mobility');
    const definition = peer.lifecycle.QueryChaincodeDefinitionResult.deserializeBinary(await lifecycle.evaluate('QueryChaincodeDefinition', { arguments: [args.serializeBinary()] }));
    expect([definition.getSequence(), definition.getVersion(), definition.getEndorsementPlugin(), definition.getValidationPlugin()]).to.deep.equal([1, '0.1.0', 'escc', 'vscc']);
    expect(common.ApplicationPolicy.deserializeBinary(definition.getValidationParameter_asU8()).getChannelConfigPolicyReference()).to.equal('/Channel/Application/Endorsement');
    expect(definition.getCollections()?.getConfigList().map((config) => config.getStaticCollectionConfig()?.getName())).to.deep.equal(['oemPrivate', 'operatorPrivate']);
    expect(Object.fromEntries(definition.getApprovalsMap().toArray())).to.deep.equal({ OemMSP: true, MobilityMSP: true, AuditMSP: true });

    const all = peer.lifecycle.QueryChaincodeDefinitionsResult.deserializeBinary(
      await lifecycle.evaluate('QueryChaincodeDefinitions', { arguments: [new peer.lifecycle.QueryChaincodeDefinitionsArgs().serializeBinary()] }),
    );
    expect(all.getChaincodeDefinitionsList().map((entry) => entry.getName())).to.deep.equal(['mobility']);

    args.setName('nope');
    const missing = await rejectionOf(lifecycle.evaluate('QueryChaincodeDefinition', { arguments: [args.serializeBinary()] }));
    expect(missing.details[0]?.message).to.equal('chaincode response 404, namespace nope is not defined');
  });

  it('DeliverWithPrivateData sends oemPrivate to an OemMSP client, and nothing of it to a MobilityMSP client, even on the OemMSP peer', async () => {
    const { blockNumber, transactionId, ownerName } = await prePairOwnerPhone(network);
    const oemPeerPort = network.process.ready.peers.find((candidate) => candidate.mspId === 'OemMSP')?.peerPort ?? 0;

    const member = await blockAndPrivateData(network.clients.oem.gateway, blockNumber);
    const position = txIdsOf(member.getBlock() as common.Block).indexOf(transactionId);
    expect(position).to.be.at.least(0);
    const writes = privateWrites(member.getPrivateDataMapMap().get(position));
    expect(writes.map((entry) => entry.collection)).to.deep.equal(['mobility/oemPrivate']);
    expect(writes[0]?.values.some((value) => value.includes(ownerName))).to.equal(true);

    const outsider = await connectToPeerOf(network.process.ready.dataDir, 'mobility', 'oem', oemPeerPort);
    try {
      const nonMember = await blockAndPrivateData(outsider.gateway, blockNumber);
      expect(txIdsOf(nonMember.getBlock() as common.Block)).to.include(transactionId);
      expect(nonMember.getPrivateDataMapMap().getLength()).to.equal(0);
    } finally {
      outsider.gateway.close();
      outsider.client.close();
    }
    // The operator's own peer holds no oemPrivate data to send.
    const ownPeer = await blockAndPrivateData(network.clients.mobility.gateway, blockNumber);
    expect(ownPeer.getPrivateDataMapMap().getLength()).to.equal(0);
  });
});

let registrations = 0;

async function registrationRequest(): Promise<string> {
  registrations += 1;
  const device = E2eDevice.fromSeed('owner-phone', `system chaincodes owner ${registrations}`);
  return device.signJson('devices.register', { publicKey: device.wallet.signingKey.publicKey, type: 'owner-phone' });
}

/** Registers an owner phone and three components of one vehicle, then pre-pairs them: the openings go to oemPrivate. */
async function prePairOwnerPhone(network: E2eNetwork): Promise<{ blockNumber: bigint; transactionId: string; ownerName: string }> {
  const owner = E2eDevice.fromSeed('owner-phone', 'system chaincodes pairing owner');
  const components = [E2eDevice.fromSeed('head-unit', 'system chaincodes head unit'), E2eDevice.fromSeed('ecu', 'system chaincodes ecu')];
  const digitalKey = E2eDevice.fromSeed('digital-key-ecu', 'system chaincodes digital key');
  await Promise.all([owner.register(network.clients), ...[...components, digitalKey].map((component) => component.register(network.clients, { vin: VIN }))]);
  const salt = (seed: string) => id(`salt:${seed}`).slice(2, 34);
  const commitment = (opening: unknown) => createHash('sha256').update(canonicalJson(opening as never)).digest('hex');
  const ownership = { ownerName: OWNER_NAME, purchaseDate: '2026-01-01' };
  const phoneOpening = { salt: salt('phone'), data: { ...ownership, vins: [VIN], deviceIds: { imei: '490154203237518' } } };
  const vehicleOpening = { salt: salt('vehicle'), data: { ...ownership, vin: VIN } };
  const reports = [
    ...(await Promise.all(components.map((component) => component.sign('pairing.reportVehicle', { vehicle: VEHICLE, powerState: 'on', forDevice: owner.address })))),
    await digitalKey.sign('pairing.reportVehicle', { vehicle: VEHICLE, powerState: 'on', forDevice: owner.address, ownershipCommitment: commitment(vehicleOpening) }),
  ];
  const device = await owner.sign('pairing.requestPrePairing', { vin: VIN, ownershipCommitment: commitment(phoneOpening) });
  const committed = await submitValid(network.clients.oem.contract(), 'pairing:PrePair', {
    arguments: [JSON.stringify({ device, reports })],
    transientData: { deviceOwnership: JSON.stringify(phoneOpening), vehicleOwnership: JSON.stringify(vehicleOpening) },
    endorsingOrganizations: ['OemMSP', 'AuditMSP'],
  });
  expect((JSON.parse(committed.result) as { outcome: string }).outcome).to.equal('pre-paired');
  return { blockNumber: committed.status.blockNumber, transactionId: committed.transactionId, ownerName: OWNER_NAME };
}
