/**
 * Encoding of a versioned state value: version(16) metadataLength(4) metadata value.
 * Metadata is a list of (name, value) pairs sorted by name, each length-prefixed.
 */
import type { Version } from '../../protoutil/transaction';
import { decodeVersion, encodeVersion, lengthPrefixed, uint32 } from '../encoding';

/** Named metadata of a key, e.g. VALIDATION_PARAMETER for key-level endorsement. */
export type StateMetadata = ReadonlyMap<string, Uint8Array>;

export interface VersionedValue {
  readonly value: Buffer;
  readonly version: Version;
  readonly metadata: StateMetadata | undefined;
}

export function encodeVersionedValue(value: Uint8Array, version: Version, metadata: StateMetadata | undefined): Buffer {
  const metadataBytes = encodeMetadata(metadata);
  return Buffer.concat([encodeVersion(version), uint32(metadataBytes.length), metadataBytes, value]);
}

export function decodeVersionedValue(bytes: Buffer): VersionedValue {
  const version = decodeVersion(bytes, 0);
  const metadataLength = bytes.readUInt32BE(16);
  const metadataEnd = 20 + metadataLength;
  return {
    version,
    metadata: metadataLength === 0 ? undefined : decodeMetadata(bytes.subarray(20, metadataEnd)),
    value: bytes.subarray(metadataEnd),
  };
}

function encodeMetadata(metadata: StateMetadata | undefined): Buffer {
  if (!metadata || metadata.size === 0) return Buffer.alloc(0);
  const names = [...metadata.keys()].sort();
  return Buffer.concat(names.flatMap((name) => [lengthPrefixed(name), lengthPrefixed(metadata.get(name) ?? new Uint8Array())]));
}

function decodeMetadata(bytes: Buffer): StateMetadata {
  const metadata = new Map<string, Uint8Array>();
  let position = 0;
  const next = (): Buffer => {
    const length = bytes.readUInt32BE(position);
    const out = bytes.subarray(position + 4, position + 4 + length);
    position += 4 + length;
    return out;
  };
  while (position < bytes.length) {
    const name = next().toString('utf8');
    metadata.set(name, next());
  }
  return metadata;
}
