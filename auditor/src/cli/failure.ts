import type { CliIo } from './cli-io';

/** Errors the tools expect (bad input, unreachable peer, missing block) print as one line; others with their stack. */
const EXPECTED = new Set([
  'UsageError',
  'ConnectionError',
  'EvidenceExportError',
  'BlockNotAvailableError',
  'KeyHistoryFormatError',
  'TrustAnchorSyntaxError',
  'EntityKindError',
  'ScanRangeError',
  'LedgerLocationError',
  'StateReadError',
  'PolicySyntaxError',
]);

/** fabric-gateway errors carry the peers' messages (e.g. the chaincode's `<CODE>: <field>: <rule>`) in details. */
function gatewayDetails(error: Error): string[] {
  const details = (error as { details?: { mspId?: string; message?: string }[] }).details;
  return Array.isArray(details) ? details.map((detail) => `  ${detail.mspId ?? 'peer'}: ${detail.message ?? ''}`) : [];
}

export function reportFailure(io: CliIo, error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  const details = gatewayDetails(failure);
  if (EXPECTED.has(failure.name) || details.length > 0) io.stderr.write(`error: ${failure.message}\n${details.map((line) => `${line}\n`).join('')}`);
  else io.stderr.write(`${failure.stack ?? String(error)}\n`);
  io.setExitCode(2);
}
