import { createHash } from 'node:crypto';
import { common, msp, orderer, peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { consortium } from '../consortium/consortium';
import { blockDataHash, verifyHashChain } from '../protoutil/block';
import { lastConfigIndexOf } from './block-signature';
import { tipAfter } from './block-writer';
import { ChannelConfigError, goDurationString } from './channel-config';
import { configFromBlock, policyAt, readChannelConfig } from './config-block-reader';
import { anyRoleOf, implicitMeta } from './config-policies';
import type { OrgCertificates } from './msp-config';
import { createGenesisBlock } from './genesis';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function fakePem(label: string): string {
  const body = Buffer.from(`certificate of ${label}`).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

const MSP_IDS = ['OemMSP', 'MobilityMSP', 'AuditMSP', 'OrdererMSP'];
const certificates: Record<string, OrgCertificates> = Object.fromEntries(
  MSP_IDS.map((mspId) => [mspId, { caCertPem: fakePem(`${mspId} CA`), tlsCaCertPem: fakePem(`${mspId} TLS CA`) }]),
);
const timestamp = new Date('2025-01-02T03:04:05.678Z');
const nonce = new Uint8Array(24).fill(7);

function genesisBlock(): common.Block {
  return createGenesisBlock({ certificates, timestamp, nonce });
}

function channelGroupOf(block: common.Block): common.ConfigGroup {
  return configFromBlock(block).config.getChannelGroup() as common.ConfigGroup;
}

function valueOf(group: common.ConfigGroup | undefined, key: string): common.ConfigValue {
  const value = group?.getValuesMap().get(key);
  if (!value) throw new Error(`missing value ${key}`);
  return value;
}

function capabilityNames(group: common.ConfigGroup | undefined): string[] {
  return common.Capabilities.deserializeBinary(valueOf(group, 'Capabilities').getValue_asU8())
    .getCapabilitiesMap()
    .getEntryList()
    .map(([name]) => name as string);
}

describe('orderer/genesis', () => {
  it('round-trips through common.Block.deserializeBinary byte for byte and is reproducible', () => {
    const bytes = genesisBlock().serializeBinary();
    expect(hex(common.Block.deserializeBinary(bytes).serializeBinary())).to.equal(hex(bytes));
    expect(hex(genesisBlock().serializeBinary())).to.equal(hex(bytes));
  });

  it('is block 0 with one unsigned CONFIG envelope and the metadata configtxgen writes', () => {
    const block = common.Block.deserializeBinary(genesisBlock().serializeBinary());
    const header = block.getHeader() as common.BlockHeader;
    expect(header.getNumber()).to.equal(0);
    expect(header.getPreviousHash_asU8()).to.have.length(0);
    expect(hex(header.getDataHash_asU8())).to.equal(hex(blockDataHash(block.getData() as common.BlockData)));
    expect(() => verifyHashChain([block])).to.not.throw();

    const slots = block.getMetadata()?.getMetadataList_asU8() ?? [];
    expect(slots).to.have.length(5);
    // Metadata{value: OrdererBlockMetadata{last_config: {index: 0}}} and an all-default LAST_CONFIG.
    expect(hex(slots[common.BlockMetadataIndex.SIGNATURES] ?? new Uint8Array())).to.equal('0a020a00');
    expect(slots.slice(1).map((slot) => slot.length)).to.deep.equal([0, 0, 0, 0]);
    expect(lastConfigIndexOf(block)).to.equal(0);
    expect(tipAfter(block).height).to.equal(1);

    const entries = block.getData()?.getDataList_asU8() ?? [];
    expect(entries).to.have.length(1);
    const envelope = common.Envelope.deserializeBinary(entries[0] as Uint8Array);
    expect(envelope.getSignature_asU8()).to.have.length(0);
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() as Uint8Array);
    expect(channelHeader.getType()).to.equal(common.HeaderType.CONFIG);
    expect(channelHeader.getVersion()).to.equal(1);
    expect(channelHeader.getChannelId()).to.equal('mobility');
    expect(channelHeader.getEpoch()).to.equal(0);
    expect(channelHeader.getTimestamp()?.getSeconds()).to.equal(Math.floor(timestamp.getTime() / 1000));
    expect(channelHeader.getTimestamp()?.getNanos()).to.equal(0);
    expect(channelHeader.getTxId()).to.equal(createHash('sha256').update(nonce).digest('hex'));
    const signatureHeader = common.SignatureHeader.deserializeBinary(payload.getHeader()?.getSignatureHeader_asU8() as Uint8Array);
    expect(signatureHeader.getCreator_asU8()).to.have.length(0);
    expect(hex(signatureHeader.getNonce_asU8())).to.equal(hex(nonce));
    expect(common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig()?.getSequence()).to.equal(0);
  });

  it('names every org MSP with its certificates and Node OUs', () => {
    const summary = readChannelConfig(genesisBlock());
    expect(summary.channelId).to.equal('mobility');
    expect(summary.orgs.filter((org) => org.kind === 'Application').map((org) => org.mspId)).to.have.members(['OemMSP', 'MobilityMSP', 'AuditMSP']);
    expect(summary.orgs.filter((org) => org.kind === 'Orderer').map((org) => org.mspId)).to.deep.equal(['OrdererMSP']);
    for (const org of summary.orgs) {
      expect(org.rootCertsPem).to.deep.equal([certificates[org.mspId]?.caCertPem]);
      expect(org.tlsRootCertsPem).to.deep.equal([certificates[org.mspId]?.tlsCaCertPem]);
      expect(org.intermediateCertsPem).to.deep.equal([]);
      expect(org.nodeOusEnabled).to.equal(true);
    }

    const mspValue = valueOf(channelGroupOf(genesisBlock()).getGroupsMap().get('Application')?.getGroupsMap().get('OemMSP'), 'MSP');
    const fabricConfig = msp.FabricMSPConfig.deserializeBinary(msp.MSPConfig.deserializeBinary(mspValue.getValue_asU8()).getConfig_asU8());
    expect(fabricConfig.getAdminsList()).to.deep.equal([]);
    expect(fabricConfig.getCryptoConfig()?.toObject()).to.deep.equal({ signatureHashFamily: 'SHA2', identityIdentifierHashFunction: 'SHA256' });
    const nodeOus = fabricConfig.getFabricNodeOus() as msp.FabricNodeOUs;
    expect(nodeOus.getPeerOuIdentifier()?.getOrganizationalUnitIdentifier()).to.equal('peer');
    expect(nodeOus.getOrdererOuIdentifier()?.getOrganizationalUnitIdentifier()).to.equal('orderer');
    expect(Buffer.from(nodeOus.getClientOuIdentifier()?.getCertificate_asU8() ?? []).toString()).to.equal(certificates.OemMSP?.caCertPem);
  });

  it('carries the endorsement and block validation policies tools need', () => {
    const summary = readChannelConfig(genesisBlock());
    expect(summary.applicationEndorsement).to.deep.equal({ type: 'implicitMeta', rule: 'MAJORITY', subPolicy: 'Endorsement' });
    expect(summary.blockValidation).to.deep.equal({ type: 'implicitMeta', rule: 'ANY', subPolicy: 'Writers' });
    expect(Object.keys(summary.orgEndorsement)).to.have.members(['OemMSP', 'MobilityMSP', 'AuditMSP']);
    const oem = summary.orgEndorsement.OemMSP;
    expect(oem?.type).to.equal('signature');
    if (oem?.type !== 'signature') return;
    const [principal] = oem.envelope.getIdentitiesList();
    const role = msp.MSPRole.deserializeBinary(principal?.getPrincipal_asU8() ?? new Uint8Array());
    expect([role.getMspIdentifier(), role.getRole()]).to.deep.equal(['OemMSP', msp.MSPRole.MSPRoleType.PEER]);
    expect(summary.batch).to.deep.equal({ maxMessageCount: 500, absoluteMaxBytes: 10485760, preferredMaxBytes: 2097152, batchTimeout: '2s' });
    expect(summary.consensusType).to.equal('solo');
  });

  it('sets the implicit meta policies of the channel, application and orderer groups', () => {
    const config = configFromBlock(genesisBlock()).config;
    const meta = (rule: string, subPolicy: string) => ({ type: 'implicitMeta', rule, subPolicy });
    expect(policyAt(config, '/Channel/Readers')).to.deep.equal(meta('ANY', 'Readers'));
    expect(policyAt(config, '/Channel/Writers')).to.deep.equal(meta('ANY', 'Writers'));
    expect(policyAt(config, '/Channel/Admins')).to.deep.equal(meta('MAJORITY', 'Admins'));
    expect(policyAt(config, '/Channel/Application/LifecycleEndorsement')).to.deep.equal(meta('MAJORITY', 'Endorsement'));
    expect(policyAt(config, '/Channel/Application/Admins')).to.deep.equal(meta('MAJORITY', 'Admins'));
    expect(policyAt(config, '/Channel/Orderer/Writers')).to.deep.equal(meta('ANY', 'Writers'));
    expect(() => policyAt(config, '/Channel/Application/Nope')).to.throw('no policy at');
  });

  it('encodes values and signature policies with the bytes configtxgen produces', () => {
    const root = channelGroupOf(genesisBlock());
    // Reference bytes taken from configtxgen-made Fabric config blocks.
    expect(hex(valueOf(root, 'HashingAlgorithm').getValue_asU8())).to.equal('0a06534841323536');
    expect(hex(valueOf(root, 'BlockDataHashingStructure').getValue_asU8())).to.equal('08ffffffff0f');
    expect(hex(anyRoleOf('Org1MSP', ['admin']).serializeBinary())).to.equal('120812060801120208001a0d120b0a074f7267314d53501001');
    expect(hex(anyRoleOf('Org1MSP', ['admin', 'peer', 'client']).serializeBinary())).to.equal(
      '1210120e08011202080012020801120208021a0d120b0a074f7267314d535010011a0d120b0a074f7267314d535010031a0d120b0a074f7267314d53501002',
    );
    expect(hex(anyRoleOf('OrdererMSP', ['member']).serializeBinary())).to.equal('120812060801120208001a0e120c0a0a4f7264657265724d5350');
    expect(hex(implicitMeta('ANY', 'Readers').serializeBinary())).to.equal(hex(Buffer.concat([Buffer.from([0x0a, 7]), Buffer.from('Readers')])));

    expect(valueOf(root, 'OrdererAddresses').getModPolicy()).to.equal('/Channel/Orderer/Admins');
    expect(common.OrdererAddresses.deserializeBinary(valueOf(root, 'OrdererAddresses').getValue_asU8()).getAddressesList()).to.deep.equal(['localhost:7050']);
    expect(capabilityNames(root)).to.deep.equal(['V2_0']);
    const ordererGroup = root.getGroupsMap().get('Orderer');
    expect(capabilityNames(ordererGroup)).to.deep.equal(['V2_0']);
    expect(capabilityNames(root.getGroupsMap().get('Application'))).to.deep.equal(['V2_5']);
    expect(valueOf(ordererGroup, 'ChannelRestrictions').getValue_asU8()).to.have.length(0);
    const endpoints = valueOf(ordererGroup?.getGroupsMap().get('OrdererMSP'), 'Endpoints');
    expect(common.OrdererAddresses.deserializeBinary(endpoints.getValue_asU8()).getAddressesList()).to.deep.equal(['localhost:7050']);
    expect(root.getGroupsMap().get('Application')?.getGroupsMap().get('OemMSP')?.getValuesMap().get('AnchorPeers')).to.equal(undefined);
  });

  it('writes etcdraft consensus metadata, anchor peers and batch overrides on request', () => {
    const block = createGenesisBlock({
      certificates,
      timestamp,
      nonce,
      consensus: { type: 'etcdraft', serverTlsCertPem: fakePem('orderer TLS') },
      anchorPeers: true,
      batch: { ...consortium.batch, maxMessageCount: 10, batchTimeoutMs: 250 },
    });
    const root = channelGroupOf(block);
    const consensus = orderer.ConsensusType.deserializeBinary(valueOf(root.getGroupsMap().get('Orderer'), 'ConsensusType').getValue_asU8());
    expect(consensus.getType()).to.equal('etcdraft');
    const metadata = orderer.etcdraft.ConfigMetadata.deserializeBinary(consensus.getMetadata_asU8());
    const [consenter] = metadata.getConsentersList();
    expect([consenter?.getHost(), consenter?.getPort()]).to.deep.equal(['localhost', 7050]);
    expect(Buffer.from(consenter?.getServerTlsCert_asU8() ?? []).toString()).to.equal(fakePem('orderer TLS'));
    expect(metadata.getOptions()?.getTickInterval()).to.equal('500ms');

    const anchors = peerAnchors(root, 'MobilityMSP');
    expect(anchors).to.deep.equal([['localhost', 9051]]);
    expect(readChannelConfig(block).batch).to.include({ maxMessageCount: 10, batchTimeout: '250ms' });
  });

  it('refuses to build a config without every org\'s certificates', () => {
    const { AuditMSP: _missing, ...partial } = certificates;
    expect(() => createGenesisBlock({ certificates: partial })).to.throw(ChannelConfigError, 'AuditMSP');
  });

  it('formats batch timeouts as Go durations', () => {
    expect(['0s', '500ms', '2s', '1.5s', '1m30s', '1h0m0s', '1m1.25s']).to.deep.equal(
      [0, 500, 2000, 1500, 90_000, 3_600_000, 61_250].map(goDurationString),
    );
  });
});

function peerAnchors(root: common.ConfigGroup, mspId: string): [string, number][] {
  const value = valueOf(root.getGroupsMap().get('Application')?.getGroupsMap().get(mspId), 'AnchorPeers');
  return peer.AnchorPeers.deserializeBinary(value.getValue_asU8())
    .getAnchorPeersList()
    .map((anchor) => [anchor.getHost(), anchor.getPort()]);
}
