import { parsePrometheus, sumSamples, type MetricSample } from '../../test/dist/support/prometheus-text';

/**
 * Ledger and chaincode counters from peers' Prometheus /metrics (operations ports), under Fabric's
 * names, which the embedded network uses too. Fabric's ledger_transaction_count carries
 * transaction_type and chaincode labels and names each invalid code (MVCC_READ_CONFLICT, ...), so
 * samples are matched by label values.
 */
export interface LedgerMetrics {
  readonly height: number;
  readonly validTx: number;
  readonly invalidTx: number;
  /** gossip_state_commit_duration: validation and commit of whole blocks. */
  readonly blockProcessingS: number;
  readonly blocksProcessed: number;
  /** Invalid transactions by validation code. */
  readonly invalidByCode: Readonly<Record<string, number>>;
  /** Ledger requests of the chaincode (GET_STATE, PUT_STATE, ...) the peers served: chaincode_shim_requests_completed. */
  readonly shimRequests: number;
}

/** The ledger counters of one channel, from one peer (every peer commits every block). */
export function ledgerMetrics(samples: readonly MetricSample[], channel: string): Omit<LedgerMetrics, 'shimRequests'> {
  const invalidByCode: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.name !== 'ledger_transaction_count' || sample.labels.channel !== channel) continue;
    const code = sample.labels.validation_code ?? 'UNKNOWN';
    if (code !== 'VALID' && sample.value > 0) invalidByCode[code] = (invalidByCode[code] ?? 0) + sample.value;
  }
  return {
    height: sumSamples(samples, 'ledger_blockchain_height', { channel }),
    validTx: sumSamples(samples, 'ledger_transaction_count', { channel, validation_code: 'VALID' }),
    invalidTx: Object.values(invalidByCode).reduce((sum, value) => sum + value, 0),
    blockProcessingS: sumSamples(samples, 'gossip_state_commit_duration_sum', { channel }),
    blocksProcessed: sumSamples(samples, 'gossip_state_commit_duration_count', { channel }),
    invalidByCode,
  };
}

/**
 * Ledger counters from the first port; chaincode requests summed over every port given. A real
 * network's peers each serve their own chaincode requests; the embedded network's peers share one
 * registry, so pass it one port.
 */
export async function fetchLedgerMetrics(operationsPorts: readonly number[], channel: string): Promise<LedgerMetrics> {
  const perPeer = await Promise.all(operationsPorts.map(async (port) => parsePrometheus(await fetchMetricsText(port))));
  const first = perPeer[0];
  if (!first) throw new Error('no operations port to read /metrics from');
  return {
    ...ledgerMetrics(first, channel),
    shimRequests: perPeer.reduce((total, samples) => total + sumSamples(samples, 'chaincode_shim_requests_completed', { channel }), 0),
  };
}

async function fetchMetricsText(operationsPort: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${operationsPort}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics on operations port ${operationsPort}: HTTP ${response.status}`);
  return response.text();
}
