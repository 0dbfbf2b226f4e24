/**
 * Decoding of the chaincode's one event per transaction (chaincode/src/lib/events.ts):
 * `{version: 1, txId, notices: [{type, to: ["device:0x…", "org:MSP"], data}]}`. Anything else is
 * not deliverable; a malformed notice is dropped without shifting the indexes of the others.
 */
export interface LedgerNotice {
  /** Index in the payload's `notices` (part of the notice's position). */
  readonly index: number;
  readonly type: string;
  /** Normalised recipients (see normaliseRecipient), without duplicates. */
  readonly to: readonly string[];
  readonly data: Record<string, unknown>;
}

export type DecodedPayload =
  | { readonly ok: true; readonly notices: readonly LedgerNotice[] }
  | { readonly ok: false; readonly reason: string };

const DEVICE = /^device:(0x[0-9a-fA-F]{40})$/;
const ORG = /^org:([A-Za-z0-9][A-Za-z0-9._-]{0,127})$/;
// Notice types become SSE event names: one line, printable, bounded.
const NOTICE_TYPE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** `device:<address>` in lower case (addresses are case-insensitive), `org:<MSP ID>` as is; else undefined. */
export function normaliseRecipient(recipient: string): string | undefined {
  const device = DEVICE.exec(recipient);
  if (device) return `device:${(device[1] ?? '').toLowerCase()}`;
  return ORG.test(recipient) ? recipient : undefined;
}

export const deviceRecipient = (address: string): string => `device:${address.toLowerCase()}`;
export const orgRecipient = (mspId: string): string => `org:${mspId}`;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeNotice(candidate: unknown, index: number): LedgerNotice | undefined {
  if (!isPlainObject(candidate)) return undefined;
  const { type, to, data } = candidate;
  if (typeof type !== 'string' || !NOTICE_TYPE.test(type) || !Array.isArray(to) || !isPlainObject(data)) return undefined;
  const recipients = new Set<string>();
  for (const recipient of to) {
    const normalised = typeof recipient === 'string' ? normaliseRecipient(recipient) : undefined;
    if (normalised) recipients.add(normalised);
  }
  return { index, type, to: [...recipients], data };
}

export function decodeLedgerPayload(payload: Uint8Array, transactionId: string): DecodedPayload {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    return { ok: false, reason: 'payload is not JSON' };
  }
  if (!isPlainObject(parsed) || parsed.version !== 1 || !Array.isArray(parsed.notices)) {
    return { ok: false, reason: 'payload is not {version: 1, txId, notices}' };
  }
  if (parsed.txId !== transactionId) return { ok: false, reason: `payload txId ${String(parsed.txId)} is not the transaction's` };
  const notices: LedgerNotice[] = [];
  parsed.notices.forEach((candidate, index) => {
    const notice = decodeNotice(candidate, index);
    if (notice) notices.push(notice);
  });
  return { ok: true, notices };
}
