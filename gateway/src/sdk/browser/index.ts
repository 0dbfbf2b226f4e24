/**
 * Browser entry of the SDK (bundled by build-browser.ts into dist/browser/mobility-sdk.js). The SDK
 * itself has no Node-only imports; the chaincode's node:crypto hash is swapped for sha256-shim.ts.
 */
export * from '../index';
