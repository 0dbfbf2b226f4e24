/** A notice as the log keeps it: one per (transaction, notice index), with its recipients. */
export interface StoredNotice {
  /** External position, `<block>.<event>.<notice>`: the SSE id. */
  readonly position: string;
  readonly txId: string;
  /** Decimal string, as the HTTP API writes block numbers. */
  readonly blockNumber: string;
  /** The chaincode event's name (its first notice's type). */
  readonly eventName: string;
  readonly type: string;
  readonly to: readonly string[];
  readonly data: Record<string, unknown>;
  readonly appendedAtMs: number;
}

/** What a subscriber receives as the SSE `data` of one notice. */
export interface DeliveredNotice {
  readonly position: string;
  readonly txId: string;
  readonly blockNumber: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  /** Private items the notice refers to, resolved by the gateway for the device it names (by item name). */
  readonly private?: Record<string, unknown>;
}

export function deliveredNotice(notice: StoredNotice, privateItems?: Record<string, unknown>): DeliveredNotice {
  const { position, txId, blockNumber, type, data } = notice;
  return privateItems && Object.keys(privateItems).length > 0
    ? { position, txId, blockNumber, type, data, private: privateItems }
    : { position, txId, blockNumber, type, data };
}
