/**
 * Chaincode package entry point. fabric-contract-api reads `contracts` from here; the gateway and
 * device SDK import the shared request-signing, schema and error helpers.
 */
export { contracts } from './contracts';
export * from './lib/canonical-json';
export * from './lib/errors';
export * from './lib/events';
export * from './lib/geo';
export * from './devices/device-request';
export * from './devices/device-types';
