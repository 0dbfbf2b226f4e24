/**
 * Independent checks of blocks as a client receives them: header hash chain, data hashes, orderer
 * signatures and the config block, recomputed here from Fabric's formats (not with network/src/protoutil).
 *
 *   header hash  = SHA-256(DER SEQUENCE{INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash})
 *   data hash    = SHA-256(data[0] || data[1] || ...)
 *   signed bytes = SIGNATURES metadata value || signature_header || header DER
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { createHash, verify, X509Certificate } from 'node:crypto';
import { derOctetString, derSequence, derUnsignedInteger } from './der';

export function headerBytes(header: common.BlockHeader): Buffer {
  return derSequence(
    derUnsignedInteger(BigInt(header.getNumber())),
    derOctetString(header.getPreviousHash_asU8()),
    derOctetString(header.getDataHash_asU8()),
  );
}

export function headerHash(header: common.BlockHeader): Buffer {
  return createHash('sha256').update(headerBytes(header)).digest();
}

export function dataHash(block: common.Block): Buffer {
  const hash = createHash('sha256');
  for (const entry of block.getData()?.getDataList_asU8() ?? []) hash.update(entry);
  return hash.digest();
}

function metadataEntry(block: common.Block, index: number): Uint8Array {
  const entry = block.getMetadata()?.getMetadataList_asU8()[index];
  return entry ?? new Uint8Array();
}

/** One validation code per transaction, in block order. */
export function transactionsFilter(block: common.Block): number[] {
  return [...metadataEntry(block, common.BlockMetadataIndex.TRANSACTIONS_FILTER)];
}

export interface OrdererSignature {
  readonly mspId: string;
  readonly certificate: X509Certificate;
  readonly signedBytes: Buffer;
  readonly signature: Uint8Array;
}

export function ordererSignatures(block: common.Block): OrdererSignature[] {
  const header = block.getHeader();
  if (!header) throw new Error('block without header');
  const metadata = common.Metadata.deserializeBinary(metadataEntry(block, common.BlockMetadataIndex.SIGNATURES));
  return metadata.getSignaturesList().map((entry) => {
    const signatureHeader = entry.getSignatureHeader_asU8();
    const creator = msp.SerializedIdentity.deserializeBinary(common.SignatureHeader.deserializeBinary(signatureHeader).getCreator_asU8());
    return {
      mspId: creator.getMspid(),
      certificate: new X509Certificate(Buffer.from(creator.getIdBytes_asU8())),
      signedBytes: Buffer.concat([metadata.getValue_asU8(), signatureHeader, headerBytes(header)]),
      signature: entry.getSignature_asU8(),
    };
  });
}

export interface EnvelopeSummary {
  readonly type: number;
  readonly txId: string;
}

export function envelopeSummary(envelopeBytes: Uint8Array): EnvelopeSummary {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
  return { type: channelHeader.getType(), txId: channelHeader.getTxId() };
}

export function blockSummaries(block: common.Block): EnvelopeSummary[] {
  return (block.getData()?.getDataList_asU8() ?? []).map(envelopeSummary);
}

export interface ConfigMsp {
  readonly mspId: string;
  readonly group: 'Application' | 'Orderer';
  readonly rootCertificates: readonly X509Certificate[];
}

/** The MSPs a config block defines (Application and Orderer org groups), from their FabricMSPConfig. */
export function configBlockMsps(block: common.Block): ConfigMsp[] {
  const [envelope, ...rest] = block.getData()?.getDataList_asU8() ?? [];
  if (!envelope || rest.length > 0) throw new Error('a config block holds exactly one envelope');
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelope).getPayload_asU8());
  const channelGroup = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig()?.getChannelGroup();
  const msps: ConfigMsp[] = [];
  for (const group of ['Application', 'Orderer'] as const) {
    const orgs = channelGroup?.getGroupsMap().get(group)?.getGroupsMap();
    orgs?.forEach((org: common.ConfigGroup) => {
      const mspValue = org.getValuesMap().get('MSP');
      if (!mspValue) return;
      const fabricConfig = msp.FabricMSPConfig.deserializeBinary(msp.MSPConfig.deserializeBinary(mspValue.getValue_asU8()).getConfig_asU8());
      msps.push({
        mspId: fabricConfig.getName(),
        group,
        rootCertificates: fabricConfig.getRootCertsList_asU8().map((pem) => new X509Certificate(Buffer.from(pem))),
      });
    });
  }
  return msps;
}

/**
 * Checks a contiguous run of blocks from block 0 and returns every problem found (empty when all hold):
 * numbering, hash chain, data hashes, one transactions-filter code per transaction, and for every block
 * after the genesis block an orderer signature that verifies and whose certificate the orderer MSP's root
 * CA (from block 0) issued.
 */
export function chainProblems(blocks: readonly common.Block[], ordererMspId = 'OrdererMSP'): string[] {
  const problems: string[] = [];
  const genesis = blocks[0];
  if (!genesis) return ['no blocks'];
  const ordererRoots = configBlockMsps(genesis).find((entry) => entry.mspId === ordererMspId)?.rootCertificates ?? [];
  if (ordererRoots.length === 0) problems.push(`block 0 defines no root certificate for ${ordererMspId}`);
  let previousHash: Buffer = Buffer.alloc(0);
  blocks.forEach((block, index) => {
    const header = block.getHeader();
    if (!header) {
      problems.push(`block at position ${index} has no header`);
      return;
    }
    const number = header.getNumber();
    if (number !== index) problems.push(`block at position ${index} is numbered ${number}`);
    if (!previousHash.equals(header.getPreviousHash_asU8())) problems.push(`block ${number}: previous_hash does not match the hash of block ${number - 1}`);
    if (!dataHash(block).equals(header.getDataHash_asU8())) problems.push(`block ${number}: data_hash does not match its data`);
    const txCount = block.getData()?.getDataList().length ?? 0;
    const filter = transactionsFilter(block);
    if (filter.length !== txCount) problems.push(`block ${number}: ${filter.length} validation codes for ${txCount} transactions`);
    if (filter.includes(peer.TxValidationCode.NOT_VALIDATED)) problems.push(`block ${number}: a transaction is NOT_VALIDATED`);
    if (number > 0) problems.push(...signatureProblems(block, number, ordererMspId, ordererRoots));
    previousHash = headerHash(header);
  });
  return problems;
}

function signatureProblems(block: common.Block, number: number, ordererMspId: string, roots: readonly X509Certificate[]): string[] {
  const signatures = ordererSignatures(block);
  if (signatures.length === 0) return [`block ${number}: no orderer signature`];
  const problems: string[] = [];
  for (const signature of signatures) {
    if (signature.mspId !== ordererMspId) problems.push(`block ${number}: signed by ${signature.mspId}`);
    if (!verify('sha256', signature.signedBytes, signature.certificate.publicKey, signature.signature)) {
      problems.push(`block ${number}: orderer signature does not verify`);
    }
    const issued = roots.some((root) => signature.certificate.checkIssued(root) && signature.certificate.verify(root.publicKey));
    if (!issued) problems.push(`block ${number}: signer certificate was not issued by the ${ordererMspId} root CA`);
  }
  return problems;
}
