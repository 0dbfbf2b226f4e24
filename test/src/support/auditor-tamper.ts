/**
 * One-byte changes to an evidence bundle by class of bytes: a block header of the chain, transaction
 * data, the SIGNATURES metadata outside the signature, and the orderer's ECDSA signature itself.
 */
import { common } from '@hyperledger/fabric-protos';
import type { evidence } from '@mobility-ledger/auditor';

type Bundle = evidence.EvidenceBundle;
export type ByteClass = 'header' | 'data' | 'metadata' | 'signature';

export interface Tampering {
  readonly byteClass: ByteClass;
  readonly label: string;
  readonly bundle: Bundle;
}

function flipped(text: string, position: number): string {
  const bytes = Buffer.from(text, 'base64');
  bytes[position] = (bytes[position] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

function signatureRange(metadataBase64: string): [number, number] {
  const bytes = Buffer.from(metadataBase64, 'base64');
  const signature = Buffer.from(common.Metadata.deserializeBinary(bytes).getSignaturesList()[0]?.getSignature_asU8() ?? []);
  const start = bytes.indexOf(signature);
  return [start, start + signature.length];
}

/** Copies of the bundle, each with one byte changed: every `stride`-th byte of each site of each class. */
export function tamperings(bundle: Bundle, stride: number): Tampering[] {
  const result: Tampering[] = [];
  const add = (byteClass: ByteClass, label: string, change: (copy: Bundle) => void): void => {
    const copy = structuredClone(bundle);
    change(copy);
    result.push({ byteClass, label, bundle: copy });
  };
  bundle.headers.headers.forEach((header, index) => {
    for (let position = 0; position < Buffer.from(header, 'base64').length; position += stride) {
      add('header', `header ${bundle.headers.first + index} byte ${position}`, (copy) => {
        copy.headers.headers[index] = flipped(header, position);
      });
    }
  });
  bundle.blocks.forEach((block, blockIndex) => {
    block.data.forEach((entry, txIndex) => {
      for (let position = 0; position < Buffer.from(entry, 'base64').length; position += stride * 8) {
        add('data', `block ${block.number} tx ${txIndex} byte ${position}`, (copy) => {
          (copy.blocks[blockIndex] as { data: string[] }).data[txIndex] = flipped(entry, position);
        });
      }
    });
    if (block.signatures === '') return;
    const [start, end] = signatureRange(block.signatures);
    const length = Buffer.from(block.signatures, 'base64').length;
    for (let position = 0; position < length; position += 1) {
      const inSignature = position >= start && position < end;
      if (!inSignature && position % stride !== 0) continue;
      add(inSignature ? 'signature' : 'metadata', `block ${block.number} signatures byte ${position}`, (copy) => {
        (copy.blocks[blockIndex] as { signatures: string }).signatures = flipped(block.signatures, position);
      });
    }
  });
  return result;
}
