/** The embedded ordering service: genesis block, block cutting, signed and chained blocks, broadcast checks. */
export { OrderingService, OrderingServiceError, type BlockConsumer, type BroadcastResult, type OrderingServiceOptions } from './orderer';
export { BlockCutter, BatchConfigError, MessageTooLargeError, batchConfigFrom, checkMessageSize, type BatchConfig } from './blockcutter';
export { BatchTimer, realScheduler, type Scheduler } from './batch-timer';
export { BlockWriter, tipAfter, type BlockWriterOptions, type ChainTip } from './block-writer';
export { BlockSignatureError, blockSignatures, lastConfigIndexOf, signBlock, type BlockSignature, type BlockSigner } from './block-signature';
export { filterBroadcast, isRejection, type EnvelopeSignedData, type WritersCheck } from './broadcast-filter';
export { createGenesisBlock, type GenesisBlockInput } from './genesis';
export { ChannelConfigError, channelGroup, goDurationString, type ChannelConfigInput, type ConsensusConfig } from './channel-config';
export { ConfigBlockError, configFromBlock, policyAt, readChannelConfig, type ChannelConfigSummary, type ChannelOrgMsp, type ChannelPolicy } from './config-block-reader';
export { anyRoleOf, implicitMeta, type PrincipalRole } from './config-policies';
export { fabricMspConfig, mspConfigValue, type OrgCertificates } from './msp-config';
