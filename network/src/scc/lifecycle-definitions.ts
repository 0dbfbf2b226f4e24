/**
 * The chaincode definitions `_lifecycle` reports. The embedded network runs the consortium's
 * definition as if every channel org had approved it and it had been committed before the first
 * transaction; Fabric's defaults fill what the definition leaves open (SetChaincodeDefinitionDefaults:
 * plugins escc and vscc, core/chaincode/lifecycle/lifecycle.go).
 */
import { peer } from '@hyperledger/fabric-protos';
import type { ChaincodeDefinition } from '../consortium/consortium';
import { applicationPolicyBytes, collectionConfigPackage } from '../policy';

/** lifecycle.ChaincodeDefinition (sequence, endorsement info, validation info, collections). */
export interface LifecycleDefinition {
  readonly name: string;
  readonly sequence: number;
  readonly version: string;
  readonly endorsementPlugin: string;
  readonly validationPlugin: string;
  /** Serialized common.ApplicationPolicy. */
  readonly validationParameter: Uint8Array;
  readonly initRequired: boolean;
  /** Serialized CollectionConfigPackage. */
  readonly collections: Uint8Array;
  /** The package this peer runs for the definition (its approval's ChaincodeSource). */
  readonly packageId: string;
}

export interface DeployedChaincode {
  readonly definition: ChaincodeDefinition;
  readonly packageId: string;
  readonly initRequired?: boolean;
}

export function lifecycleDefinitionOf(deployed: DeployedChaincode): LifecycleDefinition {
  const { definition } = deployed;
  return {
    name: definition.name,
    sequence: definition.sequence,
    version: definition.version,
    endorsementPlugin: 'escc',
    validationPlugin: 'vscc',
    validationParameter: applicationPolicyBytes(definition.endorsementPolicy),
    initRequired: deployed.initRequired ?? false,
    collections: collectionConfigPackage(definition.collections).serializeBinary(),
    packageId: deployed.packageId,
  };
}

/** The collections as lifecycle protos carry them (peer.CollectionConfigPackage; same wire format as common's). */
function collectionsMessage(definition: LifecycleDefinition): peer.CollectionConfigPackage {
  return peer.CollectionConfigPackage.deserializeBinary(definition.collections);
}

/**
 * The definition fields three `_lifecycle` answers carry alike: QueryChaincodeDefinitionResult, the
 * entries of QueryChaincodeDefinitionsResult and QueryApprovedChaincodeDefinitionResult.
 */
export interface DefinitionFields {
  setSequence(value: number): unknown;
  setVersion(value: string): unknown;
  setEndorsementPlugin(value: string): unknown;
  setValidationPlugin(value: string): unknown;
  setValidationParameter(value: Uint8Array): unknown;
  setInitRequired(value: boolean): unknown;
  setCollections(value?: peer.CollectionConfigPackage): unknown;
}

/** Sets the definition's fields on one of those messages, and returns it. */
export function withDefinitionFields<M extends DefinitionFields>(message: M, definition: LifecycleDefinition): M {
  message.setSequence(definition.sequence);
  message.setVersion(definition.version);
  message.setEndorsementPlugin(definition.endorsementPlugin);
  message.setValidationPlugin(definition.validationPlugin);
  message.setValidationParameter(definition.validationParameter);
  message.setInitRequired(definition.initRequired);
  message.setCollections(collectionsMessage(definition));
  return message;
}
