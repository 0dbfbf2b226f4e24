/** Byte-level tampering of evidence bundles, by the class of bytes changed. */
import { common } from '@hyperledger/fabric-protos';
import type { EvidenceBundle } from '../bundle-format';

export type ByteClass = 'header' | 'data' | 'metadata' | 'signature';

/** One base64 field of a bundle and the byte range inside it that belongs to a class. */
export interface ByteSite {
  readonly label: string;
  read(bundle: EvidenceBundle): string;
  write(bundle: EvidenceBundle, value: string): void;
  /** Byte offsets of the decoded field that belong to the class. */
  readonly positions: readonly number[];
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, index) => from + index);
}

/** Offsets of the orderer's ECDSA signature(s) inside a SIGNATURES metadata slot. */
function signatureRanges(metadataBytes: Buffer): [number, number][] {
  const metadata = common.Metadata.deserializeBinary(metadataBytes);
  return metadata.getSignaturesList().map((entry) => {
    const signature = Buffer.from(entry.getSignature_asU8());
    const start = metadataBytes.indexOf(signature);
    return [start, start + signature.length];
  });
}

/** Every site of a class in the bundle. */
export function byteSites(bundle: EvidenceBundle, byteClass: ByteClass): ByteSite[] {
  switch (byteClass) {
    case 'header':
      return bundle.headers.headers.map((text, index) => ({
        label: `header of block ${bundle.headers.first + index}`,
        read: (target) => target.headers.headers[index] as string,
        write: (target, value) => {
          target.headers.headers[index] = value;
        },
        positions: range(0, Buffer.from(text, 'base64').length),
      }));
    case 'data':
      return bundle.blocks.flatMap((block, blockIndex) =>
        block.data.map((text, txIndex) => ({
          label: `transaction ${txIndex} of block ${block.number}`,
          read: (target: EvidenceBundle) => target.blocks[blockIndex]?.data[txIndex] as string,
          write: (target: EvidenceBundle, value: string) => {
            (target.blocks[blockIndex] as { data: string[] }).data[txIndex] = value;
          },
          positions: range(0, Buffer.from(text, 'base64').length),
        })),
      );
    case 'metadata':
    case 'signature':
      return bundle.blocks
        .filter((block) => block.signatures.length > 0)
        .map((block) => {
          const blockIndex = bundle.blocks.indexOf(block);
          const bytes = Buffer.from(block.signatures, 'base64');
          const signatures = signatureRanges(bytes);
          const inSignature = (offset: number): boolean => signatures.some(([start, end]) => offset >= start && offset < end);
          const all = range(0, bytes.length);
          return {
            label: `${byteClass} of block ${block.number}`,
            read: (target: EvidenceBundle) => target.blocks[blockIndex]?.signatures as string,
            write: (target: EvidenceBundle, value: string) => {
              (target.blocks[blockIndex] as { signatures: string }).signatures = value;
            },
            positions: byteClass === 'signature' ? all.filter(inSignature) : all.filter((offset) => !inSignature(offset)),
          };
        });
  }
}

/** A copy of the bundle with byte `position` of the site XORed with `mask` (non-zero). */
export function tampered(bundle: EvidenceBundle, site: ByteSite, position: number, mask = 0x01): EvidenceBundle {
  const copy = structuredClone(bundle);
  const bytes = Buffer.from(site.read(copy), 'base64');
  bytes[position] = (bytes[position] ?? 0) ^ (mask & 0xff || 0x01);
  site.write(copy, bytes.toString('base64'));
  return copy;
}
