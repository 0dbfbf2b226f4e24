/**
 * Chaincode package entry point. fabric-contract-api reads `contracts` from here. Clients import
 * `./client` (`@mobility-ledger/chaincode/dist/client`), which does not load the chaincode runtime.
 */
export { contracts } from './contracts';
export * from './client';
