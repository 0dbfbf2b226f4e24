/**
 * Builds an evidence bundle for one write of a record: the transaction's block, the config block in
 * force, the block that committed the chaincode definition the transaction read (if any), and the
 * headers linking them to a checkpoint the auditor trusts. The bundle is verified before it is
 * returned, so an export never hands out evidence that does not check.
 */
import { peer, type common } from '@hyperledger/fabric-protos';
import { lastConfigIndexOf } from '@mobility-ledger/network/dist/orderer/block-signature';
import { blockHeaderHash } from '@mobility-ledger/network/dist/protoutil/block';
import { isKvWriteDelete, parseTransaction } from '@mobility-ledger/network/dist/protoutil/transaction';
import type { BlockSource } from '../trail/block-source';
import { displayKey } from '../trail/display-key';
import { findTransaction } from '../trail/envelope-ids';
import { signaturesMetadataOf, validationCodesOf } from './assembled-block';
import { checkOrdererSignatures } from './block-checks';
import { EVIDENCE_FORMAT, toBase64, type EvidenceBundle } from './bundle-format';
import { BLOCK_VALIDATION_POLICY, ChannelTrust } from './channel-trust';
import { committedPolicyOf, DEFAULT_ENDORSEMENT_POLICY, definitionReadOf, policyEvaluator, type PolicyStatement } from './endorsement-policy';
import { checkEndorserTransaction } from './transaction-checks';
import type { TrustAnchor } from './trust-anchor';
import { verifyBundle, type VerifyOptions } from './verify-bundle';

export class EvidenceExportError extends Error {
  override name = 'EvidenceExportError';
}

/** Which write to prove: the value `txId` wrote to `key` in `namespace` (the chaincode's by default). */
export interface RecordWrite {
  readonly namespace?: string;
  readonly key: string;
  readonly txId: string;
}

export interface ExportOptions extends VerifyOptions {
  readonly blocks: BlockSource;
  readonly chaincode: string;
  readonly record: RecordWrite;
  /** The checkpoint to chain to; genesis (block 0) by default. */
  readonly anchor?: TrustAnchor;
}

const VALID = peer.TxValidationCode.VALID;

function headerOf(block: common.Block): common.BlockHeader {
  const header = block.getHeader();
  if (!header) throw new EvidenceExportError('block has no header');
  return header;
}

function dataOf(block: common.Block): string[] {
  return (block.getData()?.getDataList_asU8() ?? []).map(toBase64);
}

export async function exportEvidence(options: ExportOptions): Promise<EvidenceBundle> {
  const { blocks, chaincode, record } = options;
  const namespace = record.namespace ?? chaincode;
  const recordBlock = await blocks.blockByTxId(record.txId);
  const recordNumber = headerOf(recordBlock).getNumber();
  const txNumber = findTransaction(recordBlock, record.txId);
  if (txNumber < 0) throw new EvidenceExportError(`block ${recordNumber} does not hold transaction ${record.txId}`);
  const validationCode = validationCodesOf(recordBlock)[txNumber] ?? peer.TxValidationCode.NOT_VALIDATED;
  if (validationCode !== VALID) throw new EvidenceExportError(`transaction ${record.txId} was committed as invalid (code ${validationCode}): it proves nothing`);

  const envelope = (recordBlock.getData()?.getDataList_asU8() ?? [])[txNumber] as Uint8Array;
  const parsed = parseTransaction(envelope);
  const action = parsed.actions?.[0];
  if (!action) throw new EvidenceExportError(`transaction ${record.txId} is not an endorser transaction`);
  const write = action.rwset.nsRwSets.find((ns) => ns.namespace === namespace)?.kvRwSet.writes.find((candidate) => candidate.key === record.key);
  if (!write) throw new EvidenceExportError(`transaction ${record.txId} does not write ${namespace}/${displayKey(record.key)}`);

  const configNumber = lastConfigIndexOf(recordBlock);
  const configBlock = configNumber === recordNumber ? recordBlock : await blocks.blockByNumber(configNumber);
  const trust = ChannelTrust.fromConfigBlock(configBlock);

  const read = definitionReadOf(action, chaincode);
  let statement: PolicyStatement = options.defaultPolicy ?? { type: 'reference', path: DEFAULT_ENDORSEMENT_POLICY };
  let source: EvidenceBundle['endorsementPolicy']['source'] = { type: 'channel-default' };
  const full = new Map<number, common.Block>([
    [recordNumber, recordBlock],
    [configNumber, configBlock],
  ]);
  if (read.kind === 'committed') {
    const { blockNum, txNum } = read.version;
    const lifecycleBlock = full.get(blockNum) ?? (await blocks.blockByNumber(blockNum));
    full.set(blockNum, lifecycleBlock);
    const lifecycleTx = parseTransaction((lifecycleBlock.getData()?.getDataList_asU8() ?? [])[txNum] ?? new Uint8Array());
    const committed = lifecycleTx.actions?.[0] && committedPolicyOf(lifecycleTx.actions[0], chaincode);
    if (!committed) throw new EvidenceExportError(`block ${blockNum} tx ${txNum} does not commit a definition of ${chaincode}`);
    statement = committed;
    source = {
      type: 'lifecycle',
      blockNumber: blockNum,
      txNumber: txNum,
      txId: lifecycleTx.channelHeader.txId,
      validationCode: validationCodesOf(lifecycleBlock)[txNum] ?? peer.TxValidationCode.NOT_VALIDATED,
    };
  }

  const anchor = options.anchor ?? { type: 'genesis' as const };
  const anchorNumber = anchor.type === 'genesis' ? 0 : anchor.blockNumber;
  const first = Math.min(anchorNumber, ...full.keys());
  const last = Math.max(anchorNumber, recordNumber);
  const headers: common.BlockHeader[] = [];
  for await (const block of blocks.blocks(first, last)) headers.push(headerOf(block));
  if (headers.length !== last - first + 1) throw new EvidenceExportError(`expected ${last - first + 1} headers from ${blocks.description}, got ${headers.length}`);
  const anchorHash = Buffer.from(blockHeaderHash(headers[anchorNumber - first] as common.BlockHeader));
  if (anchor.type === 'checkpoint' && !anchorHash.equals(anchor.headerHash)) {
    throw new EvidenceExportError(`block ${anchorNumber} of ${blocks.description} has header hash ${anchorHash.toString('hex')}, not the trusted ${anchor.headerHash.toString('hex')}`);
  }

  const checked = checkEndorserTransaction(envelope, trust, recordNumber);
  const orderers = checkOrdererSignatures(recordBlock, trust);
  const bundle: EvidenceBundle = {
    format: EVIDENCE_FORMAT,
    channel: trust.channelId,
    chaincode,
    record: {
      namespace,
      key: record.key,
      keyDisplay: displayKey(record.key),
      valueBase64: isKvWriteDelete(write) ? '' : toBase64(write.value),
      isDelete: isKvWriteDelete(write),
      txId: record.txId,
      blockNumber: recordNumber,
      txNumber,
      validationCode,
    },
    checkpoint: { blockNumber: anchorNumber, headerHash: anchorHash.toString('hex') },
    headers: { first, headers: headers.map((header) => toBase64(header.serializeBinary())) },
    blocks: [...full.entries()]
      .sort(([a], [b]) => a - b)
      .map(([number, block]) => ({ number, data: dataOf(block), signatures: number === 0 ? '' : toBase64(signaturesMetadataOf(block)) })),
    config: { blockNumber: configNumber },
    endorsementPolicy: { statement, source },
    certificates: {
      creator: { mspId: checked.creator.mspId, certificatePem: checked.creator.certificatePem },
      endorsers: checked.endorsers.map((endorser) => ({ mspId: endorser.mspId, certificatePem: endorser.certificatePem })),
      orderers: orderers.map((signer) => ({ mspId: signer.mspId, certificatePem: signer.certificatePem })),
    },
    channelConfig: {
      rootCertificates: trust.rootCertificatesPem(),
      blockValidationPolicy: trust.policies.get(BLOCK_VALIDATION_POLICY).description,
      endorsementPolicy: policyEvaluator(statement, trust).description,
    },
  };
  verifyBundle(bundle, anchor, options);
  return bundle;
}
