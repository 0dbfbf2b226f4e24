/**
 * A trail: every transaction that touched an entity, in ledger order, with its block number,
 * transaction ID, time, submitting org and device(s), endorsing orgs and validation code. The key
 * histories (trail:KeyHistory) say which transactions touched which keys; the blocks (qscc or
 * Deliver) say everything else, and also confirm the history: each touched key must be among the
 * writes of the transaction in its block.
 */
import { common, peer } from '@hyperledger/fabric-protos';
import type { BlockSource } from './block-source';
import type { EntityKind } from './entity';
import { findTransaction } from './envelope-ids';
import type { EvaluatingContract } from './gateway-ports';
import { fetchKeyHistory, type EntityKey, type KeyHistory } from './key-history';
import { summarizeTransaction, type TransactionSummary } from './transaction-summary';

export interface TouchedKey {
  readonly key: string;
  readonly display: string;
  readonly role: EntityKey['role'];
  readonly isDelete: boolean;
}

export interface TrailEntry extends TransactionSummary {
  /** The entity's keys this transaction modified, according to the key history. */
  readonly touched: readonly TouchedKey[];
  /** True when every touched key is among the transaction's writes in its block. */
  readonly historyMatchesBlock: boolean;
}

export interface Trail {
  readonly kind: EntityKind;
  readonly id: string;
  readonly source: string;
  readonly keys: readonly { readonly key: string; readonly display: string; readonly role: EntityKey['role']; readonly versions: number }[];
  /** The chaincode listed only part of the entity's keys. */
  readonly truncated: boolean;
  readonly transactions: readonly TrailEntry[];
}

export interface TrailOptions {
  /** The chaincode's contract (network.getContract('mobility')). */
  readonly chaincode: EvaluatingContract;
  readonly blocks: BlockSource;
  readonly kind: EntityKind;
  readonly id: string;
  /** Keep each transaction's arguments (large for audit submissions); dropped by default. */
  readonly includeArgs?: boolean;
}

function touchedByTransaction(history: KeyHistory): Map<string, TouchedKey[]> {
  const byTxId = new Map<string, TouchedKey[]>();
  for (const entityKey of history.keys) {
    for (const modification of entityKey.modifications) {
      const touched = byTxId.get(modification.txId) ?? [];
      touched.push({ key: entityKey.key, display: entityKey.display, role: entityKey.role, isDelete: modification.isDelete });
      byTxId.set(modification.txId, touched);
    }
  }
  return byTxId;
}

/** The trail of a history already fetched (tests and callers that reuse one). */
export async function trailFromHistory(history: KeyHistory, blocks: BlockSource, kind: EntityKind, includeArgs = false): Promise<Trail> {
  const transactions: TrailEntry[] = [];
  for (const [txId, touched] of touchedByTransaction(history)) {
    const block = await blocks.blockByTxId(txId);
    const blockNumber = block.getHeader()?.getNumber() ?? -1;
    const txNumber = findTransaction(block, txId);
    const envelope = block.getData()?.getDataList_asU8()[txNumber] ?? new Uint8Array();
    const code = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER]?.[txNumber] ?? peer.TxValidationCode.NOT_VALIDATED;
    const summary = summarizeTransaction(envelope, blockNumber, txNumber, code);
    const written = new Set(summary.writes.map((write) => write.key));
    transactions.push({
      ...summary,
      args: includeArgs ? summary.args : [],
      touched,
      historyMatchesBlock: txNumber >= 0 && touched.every((entry) => written.has(entry.key)),
    });
  }
  transactions.sort((a, b) => a.blockNumber - b.blockNumber || a.txNumber - b.txNumber);
  return {
    kind,
    id: history.id,
    source: blocks.description,
    keys: history.keys.map((entityKey) => ({ key: entityKey.key, display: entityKey.display, role: entityKey.role, versions: entityKey.modifications.length })),
    truncated: history.truncated,
    transactions,
  };
}

export async function buildTrail(options: TrailOptions): Promise<Trail> {
  const history = await fetchKeyHistory(options.chaincode, options.kind, options.id);
  return trailFromHistory(history, options.blocks, options.kind, options.includeArgs);
}
