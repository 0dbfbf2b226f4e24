/** Ledger integrity scans: offline from block files (embedded network or Fabric peer) or online (issue #7). */
export { scanLedgerFiles, scanBlockSource, ScanRangeError, type FileScanOptions, type ScanReport, type SourceScanOptions, type StateCheck } from './scan-ledger';
export { LedgerScanner, type ChainSummary, type ScanInput, type ScannerOptions } from './ledger-scanner';
export { describeProblem, type IntegrityProblem, type ProblemKind } from './integrity-problem';
export { locateLedger, readBlockFiles, readAllBlocks, LedgerLocationError, type BlockFileEntry, type BlockFileFormat, type LedgerLocation } from './block-files';
export { decodeFabricBlockRecord, encodeFabricBlockRecord } from './fabric-block-record';
export { terminalProgress, SILENT_PROGRESS, type ProgressReporter } from './progress';
