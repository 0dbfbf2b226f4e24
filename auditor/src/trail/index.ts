/** Trails: every transaction that touched a VIN, pairing, device, ride or audit (issue #7). */
export { buildTrail, trailFromHistory, type Trail, type TrailEntry, type TrailOptions, type TouchedKey } from './build-trail';
export { BlockNotAvailableError, type BlockSource } from './block-source';
export { DeliverBlockSource, type DeliverBlockSourceOptions } from './deliver-block-source';
export { QsccBlockSource, QSCC } from './qscc-block-source';
export { MemoryBlockSource } from './memory-block-source';
export { ENTITY_KINDS, entityKind, isEntityKind, type EntityKind } from './entity';
export { fetchKeyHistory, parseKeyHistory, KEY_HISTORY_TRANSACTION, type EntityKey, type KeyHistory, type KeyModification } from './key-history';
export { summarizeTransaction, invocationArgs, type TransactionSummary, type WrittenKey } from './transaction-summary';
export { deviceRequestsIn, type DeviceRequestRef } from './device-requests';
export { formatTrail } from './format-trail';
export { displayKey } from './display-key';
export { findTransaction, txIdOfEnvelope } from './envelope-ids';
export { validationCodeName } from './validation-codes';
export type { BlockEventsNetwork, ClosableBlockStream, EvaluatingContract } from './gateway-ports';
