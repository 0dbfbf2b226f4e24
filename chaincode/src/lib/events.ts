import type { ChaincodeStub } from 'fabric-shim-api';
import { canonicalJsonBytes, type JsonValue } from './canonical-json';

/**
 * A recipient of a notice: a device (by address) or an org (by MSP ID). The device gateway routes
 * each notice only to the recipients it names.
 */
export type Recipient = `device:${string}` | `org:${string}`;

export const toDevice = (address: string): Recipient => `device:${address}`;
export const toOrg = (mspId: string): Recipient => `org:${mspId}`;

export interface Notice {
  readonly type: string;
  readonly to: readonly Recipient[];
  readonly data: { [key: string]: JsonValue };
}

/** The documented payload of the one chaincode event each transaction emits. */
export interface LedgerEventPayload {
  readonly version: 1;
  readonly txId: string;
  readonly notices: readonly Notice[];
}

/**
 * Fabric keeps only the last setEvent of a transaction, so notices are collected during the
 * transaction and emitted once, named after the first notice.
 */
export class EventCollector {
  private readonly notices: Notice[] = [];

  emit(type: string, to: readonly Recipient[], data: { [key: string]: JsonValue }): void {
    this.notices.push({ type, to: [...new Set(to)].sort(), data });
  }

  get pending(): readonly Notice[] {
    return this.notices;
  }

  flush(stub: ChaincodeStub): void {
    const first = this.notices[0];
    if (!first) return;
    const payload: LedgerEventPayload = { version: 1, txId: stub.getTxID(), notices: this.notices };
    stub.setEvent(first.type, canonicalJsonBytes(payload));
  }
}
