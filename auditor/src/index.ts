// VIN audit reports (claims 6-7) and anomaly detection (claims 11-13), namespaced to keep names apart.
export * as reports from './reports';
export * as anomaly from './anomaly';
export { registerReportCommands } from './cli/report-commands';
export { registerAnomalyCommands } from './cli/anomaly-commands';
// Trails, evidence bundles with offline verification, integrity scans (issue #7) and their command line.
export * as trail from './trail';
export * as evidence from './evidence';
export * as integrity from './integrity';
export { buildProgram } from './cli/program';
