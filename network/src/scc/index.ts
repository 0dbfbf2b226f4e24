/** Fabric's system chaincodes (qscc, cscc, _lifecycle) and DeliverWithPrivateData's private data, for the embedded peers. */
export { AclProvider, AccessDeniedError, type AclIdentity, type AclIdentityDeserializer, type AclOptions } from './acl';
export { BlockHashIndex, type CommittedBlocks } from './block-hash-index';
export { Cscc, type CsccOptions } from './cscc';
export { CollectionConfigNotFoundError, DeliverPrivateData, type BlockPrivateDataStore, type DeliverPrivateDataOptions } from './deliver-private-data';
export { Lifecycle, type LifecycleOptions } from './lifecycle';
export { lifecycleDefinitionOf, type DeployedChaincode, type LifecycleDefinition } from './lifecycle-definitions';
export { Qscc, type QsccOptions, type QueryableLedger } from './qscc';
export { isSystemChaincodeName, SYSTEM_CHAINCODE_NAMES, SYSTEM_CHAINCODE_VERSION, type SystemChaincode } from './system-chaincode';
export { createPeerSystemChaincodes, SystemChaincodes, type PeerSystemChaincodeOptions } from './system-chaincodes';
