/**
 * The device gateway: one HTTP service per consortium org over the Fabric Gateway. Node entry point
 * (server, config, dev stack); the route table in `./api` is browser-safe and shared with the SDK.
 */
export * from './api';
export * from './config';
export { openFabricConnection, readPrivateKeyPem, type FabricConnection } from './fabric/connection';
export { chaincodeErrorOf, toApiError } from './fabric/error-mapping';
export { FabricPhaseError, InvalidTransactionError, type FabricPhase } from './fabric/fabric-phase-error';
export { LedgerClient, type CommittedTransaction, type FabricObserver, type LedgerCall } from './fabric/ledger-client';
export { backoffDelayMs, type RetryPolicy } from './fabric/retry-policy';
export { GatewayMetrics } from './operations/gateway-metrics';
export { healthReport, type HealthCheck, type HealthReport } from './operations/health';
export { createGatewayServer, requestIdOf, type GatewayServer, type GatewayServerOptions } from './server';
export * from './stack';
