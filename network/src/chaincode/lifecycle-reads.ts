/**
 * The `_lifecycle` reads Fabric 2.x makes through the transaction simulator, so they land in the rwset and
 * a transaction endorsed against an older chaincode definition fails MVCC at commit:
 *  - every invoke reads `namespaces/fields/<cc>/Sequence` (ChaincodeEndorsementInfo, lifecycle/endorsement_info.go);
 *  - every private data call reads the whole definition (`namespaces/metadata/<cc>` and its four fields)
 *    to look up the collection configuration (lifecycle/deployedcc_infoprovider.go).
 * Values come from the ledger; the definition this peer runs comes from the consortium definition.
 */
import { peer } from '@hyperledger/fabric-protos';
import { ChaincodeDefinitionError } from './errors';

export const LIFECYCLE_NAMESPACE = '_lifecycle';
const NAMESPACES = 'namespaces';

/** Fields of lifecycle.ChaincodeDefinition, in the order Fabric's serializer reads them. */
export const DEFINITION_FIELDS = ['Sequence', 'EndorsementInfo', 'ValidationInfo', 'Collections'] as const;

export function lifecycleMetadataKey(chaincodeName: string): string {
  return `${NAMESPACES}/metadata/${chaincodeName}`;
}

export function lifecycleFieldKey(chaincodeName: string, field: string): string {
  return `${NAMESPACES}/fields/${chaincodeName}/${field}`;
}

/** lb.StateData{Int64} as Fabric's serializer stores the Sequence field. */
export function encodeSequence(sequence: number): Uint8Array {
  const data = new peer.lifecycle.StateData();
  data.setInt64(sequence);
  return data.serializeBinary();
}

/** DeserializeFieldAsInt64: a missing key or an unset oneof reads as 0. */
export function decodeSequence(bytes: Uint8Array | undefined, key: string): number {
  if (!bytes || bytes.length === 0) return 0;
  const data = peer.lifecycle.StateData.deserializeBinary(bytes);
  if (data.getTypeCase() === peer.lifecycle.StateData.TypeCase.TYPE_NOT_SET) return 0;
  if (data.getTypeCase() !== peer.lifecycle.StateData.TypeCase.INT64) {
    throw new ChaincodeDefinitionError(`expected key ${key} to encode a value of type Int64`);
  }
  return data.getInt64();
}

/** A recording read of public state: the simulator's GetState. */
export type RecordingGet = (namespace: string, key: string) => Promise<Uint8Array | undefined>;

export interface DefinitionCheckOptions {
  readonly chaincodeName: string;
  /** Sequence of the definition this peer runs (its "cache"). */
  readonly sequence: number;
  /**
   * When true, a missing definition in `_lifecycle` fails the invoke as on Fabric. When false (a dev
   * network whose ledger has no `_lifecycle` state), the read is still recorded and the invoke goes on.
   */
  readonly requireCommittedDefinition: boolean;
}

/** ChaincodeEndorsementInfo's sequence check; records the Sequence read. */
export async function checkCommittedSequence(get: RecordingGet, options: DefinitionCheckOptions): Promise<void> {
  const key = lifecycleFieldKey(options.chaincodeName, 'Sequence');
  const current = decodeSequence(await get(LIFECYCLE_NAMESPACE, key), key);
  if (current === 0) {
    if (!options.requireCommittedDefinition) return;
    throw new ChaincodeDefinitionError(`chaincode ${options.chaincodeName} not found`);
  }
  if (current !== options.sequence) {
    throw new ChaincodeDefinitionError(
      `chaincode cache at sequence ${options.sequence} but current sequence is ${current}, chaincode definition for '${options.chaincodeName}' changed during invoke`,
    );
  }
}

/** ChaincodeDefinitionIfDefined: the metadata key, then every field when the definition exists. */
export async function readDefinition(get: RecordingGet, chaincodeName: string): Promise<void> {
  const metadata = await get(LIFECYCLE_NAMESPACE, lifecycleMetadataKey(chaincodeName));
  if (!metadata || metadata.length === 0) return;
  for (const field of DEFINITION_FIELDS) await get(LIFECYCLE_NAMESPACE, lifecycleFieldKey(chaincodeName, field));
}
