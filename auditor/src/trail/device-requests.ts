/**
 * Devices behind a transaction: every signed device request in its arguments
 * (`{device, action, channel, payload, nonce, expiresAt, signature}`, possibly nested, e.g. a
 * pre-pairing's phone request and component reports). Only the shape is recognised here; the
 * chaincode verified the signatures when it endorsed the transaction.
 */
export interface DeviceRequestRef {
  readonly device: string;
  readonly action: string;
  readonly nonce: string;
}

function isDeviceRequest(value: Record<string, unknown>): boolean {
  return (
    typeof value.device === 'string' &&
    typeof value.action === 'string' &&
    typeof value.nonce === 'string' &&
    typeof value.signature === 'string' &&
    'payload' in value
  );
}

function collect(value: unknown, found: DeviceRequestRef[], depth: number): void {
  if (depth > 16 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, found, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  if (isDeviceRequest(record)) found.push({ device: record.device as string, action: record.action as string, nonce: record.nonce as string });
  for (const child of Object.values(record)) collect(child, found, depth + 1);
}

/** Device requests in JSON string arguments, in argument order (arguments that are not JSON are skipped). */
export function deviceRequestsIn(args: readonly string[]): DeviceRequestRef[] {
  const found: DeviceRequestRef[] = [];
  for (const arg of args) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(arg);
    } catch {
      continue;
    }
    collect(parsed, found, 0);
  }
  return found;
}
