/**
 * History index for GetHistoryForKey, kept in the state DB and written in the block's state batch.
 * Fabric's history DB stores only (ns, key, block, tx) and re-reads the transaction from the block store;
 * this one also stores the modification itself, serialized as the `queryresult.KeyModification` that the
 * chaincode receives, so a query needs no block reads.
 *
 *   0x03 len(ns) ns len(key) key blockNum(8) txNum(8) -> KeyModification{tx_id, value, timestamp, is_delete}
 *
 * Fabric 2.x returns history newest first (history/query_executer.go iterates the index backwards).
 */
import { ledger } from '@hyperledger/fabric-protos';
import { Timestamp as TimestampProto } from 'google-protobuf/google/protobuf/timestamp_pb';
import type { Timestamp, Version } from '../../protoutil/transaction';
import { lengthPrefixed, prefixEnd, readUint64, uint64, type LevelOp } from '../encoding';
import { rangeEntries, type LedgerLevel, type LevelSnapshot } from '../statedb/state-db';
import { HISTORY_PREFIX } from '../statedb/state-keys';

export interface KeyModification {
  readonly txId: string;
  readonly value: Uint8Array;
  readonly timestamp: Timestamp | undefined;
  readonly isDelete: boolean;
}

export interface HistoryEntry extends KeyModification {
  readonly blockNum: number;
  readonly txNum: number;
}

export type HistoryOrder = 'newestFirst' | 'oldestFirst';

function keyPrefix(namespace: string, key: string): Buffer {
  return Buffer.concat([Buffer.from([HISTORY_PREFIX]), lengthPrefixed(namespace), lengthPrefixed(key)]);
}

export function encodeKeyModification(modification: KeyModification): Buffer {
  const proto = new ledger.queryresult.KeyModification();
  proto.setTxId(modification.txId);
  proto.setValue(modification.value);
  proto.setIsDelete(modification.isDelete);
  if (modification.timestamp) {
    const timestamp = new TimestampProto();
    timestamp.setSeconds(modification.timestamp.seconds);
    timestamp.setNanos(modification.timestamp.nanos);
    proto.setTimestamp(timestamp);
  }
  return Buffer.from(proto.serializeBinary());
}

export function decodeKeyModification(bytes: Uint8Array): KeyModification {
  const proto = ledger.queryresult.KeyModification.deserializeBinary(bytes);
  const timestamp = proto.getTimestamp();
  return {
    txId: proto.getTxId(),
    value: proto.getValue_asU8(),
    isDelete: proto.getIsDelete(),
    timestamp: timestamp ? { seconds: timestamp.getSeconds(), nanos: timestamp.getNanos() } : undefined,
  };
}

export class HistoryDb {
  constructor(private readonly db: LedgerLevel) {}

  /** The batch operation recording one valid write of (namespace, key) at `version`. */
  static recordOp(namespace: string, key: string, version: Version, modification: KeyModification): LevelOp {
    return {
      type: 'put',
      key: Buffer.concat([keyPrefix(namespace, key), uint64(version.blockNum), uint64(version.txNum)]),
      value: encodeKeyModification(modification),
    };
  }

  async *getHistoryForKey(
    namespace: string,
    key: string,
    order: HistoryOrder = 'newestFirst',
    snapshot?: LevelSnapshot,
  ): AsyncGenerator<HistoryEntry, void, undefined> {
    const prefix = keyPrefix(namespace, key);
    const range = { gte: prefix, lt: prefixEnd(prefix), reverse: order === 'newestFirst' };
    for await (const [entryKey, value] of rangeEntries(this.db, snapshot ? { ...range, snapshot } : range)) {
      yield {
        blockNum: readUint64(entryKey, prefix.length),
        txNum: readUint64(entryKey, prefix.length + 8),
        ...decodeKeyModification(value),
      };
    }
  }
}
