/**
 * The chaincode package's client side: request signing, schemas, canonical JSON, error parsing and
 * geodesy shared with the gateway, the SDK and the auditor tools. Nothing here loads fabric-shim or
 * fabric-contract-api, so clients import `@mobility-ledger/chaincode/dist/client` rather than the
 * package index (which exports the contracts).
 */
export * from './lib/canonical-json';
export * from './lib/errors';
export * from './lib/events';
export * from './lib/geo';
export * from './devices/device-request';
export * from './devices/signer-recovery';
export * from './devices/device-types';
