/**
 * Walks a chain from its first block and re-checks what every peer checked, reporting the first
 * broken link, bad signature or inconsistent state (or all of them with keepGoing):
 *  - per block: consecutive numbers, previous_hash = header hash of the block before, data hash,
 *    well-formed envelopes, one validation code per transaction, orderer signatures satisfying the
 *    BlockValidation policy of the config in force, the last-config index;
 *  - per transaction the peer marked VALID: unique txID, creator and endorsement signatures by valid
 *    channel identities, MVCC reads against the replayed state, endorsement policies (key-level ones
 *    from replayed metadata, else the chaincode's);
 *  - optionally, afterwards: the stored world state against the replay (state-comparison.ts).
 */
import { common, peer } from '@hyperledger/fabric-protos';
import { lastConfigIndexOf } from '@mobility-ledger/network/dist/orderer/block-signature';
import { blockHeaderHash } from '@mobility-ledger/network/dist/protoutil/block';
import { parseTransaction, type TxRwSet } from '@mobility-ledger/network/dist/protoutil/transaction';
import { checkDataHash, checkOrdererSignatures, isConfigEnvelope, malformedTransaction } from '../evidence/block-checks';
import { ChannelTrust } from '../evidence/channel-trust';
import type { PolicyStatement } from '../evidence/endorsement-policy';
import { checkEndorserTransaction } from '../evidence/transaction-checks';
import { VerificationError } from '../evidence/verification-error';
import { txIdOfEnvelope } from '../trail/envelope-ids';
import type { RecordPosition } from './block-files';
import { ChaincodePolicies } from './chaincode-policies';
import type { IntegrityProblem, ProblemKind } from './integrity-problem';
import { ReplayedState } from './replayed-state';
import { EndorsementAudit, staleRead } from './transaction-audit';

export type ScanInput =
  | { readonly kind: 'block'; readonly block: common.Block; readonly position?: RecordPosition }
  | { readonly kind: 'unreadable'; readonly position?: RecordPosition; readonly reason: string; readonly resumable: boolean };

export interface ScannerOptions {
  /** Report every problem instead of stopping at the first. */
  readonly keepGoing?: boolean;
  /** Check signatures and policies (default); false checks the hash chain only (fast). */
  readonly signatures?: boolean;
  /** Endorsement policy of chaincodes the ledger never defined through _lifecycle. */
  readonly defaultPolicy?: PolicyStatement;
}

export interface ChainSummary {
  readonly blocks: number;
  readonly firstBlock: number | undefined;
  /** The newest block read. */
  readonly lastBlock: number | undefined;
  /** The newest block up to which every check passed, with its header hash: a checkpoint for later audits. */
  readonly checkpoint: { readonly blockNumber: number; readonly headerHash: string } | undefined;
  readonly transactions: { readonly total: number; readonly valid: number; readonly invalid: number };
  readonly configBlocks: readonly number[];
}

const VALID = peer.TxValidationCode.VALID;

function locationOf(position: RecordPosition | undefined): string | undefined {
  return position ? `${position.file}@${position.offset}` : undefined;
}

export class LedgerScanner {
  readonly state = new ReplayedState();
  readonly problems: IntegrityProblem[] = [];
  private readonly policies: ChaincodePolicies;
  private readonly audit: EndorsementAudit;
  private readonly txIds = new Set<string>();
  private trust: ChannelTrust | undefined;
  private expected: number | undefined;
  private previousHash: Buffer | undefined;
  private blocks = 0;
  private firstBlock: number | undefined;
  private lastBlock: number | undefined;
  private checkpoint: { blockNumber: number; headerHash: string } | undefined;
  private readonly counts = { total: 0, valid: 0, invalid: 0 };
  private readonly configBlocks: number[] = [];
  private halted = false;
  /** Where the block being checked is stored, for problem reports. */
  private location: string | undefined;

  constructor(private readonly options: ScannerOptions = {}) {
    this.policies = new ChaincodePolicies(options.defaultPolicy);
    this.audit = new EndorsementAudit(this.policies);
  }

  /** False once the scan should stop (a problem without keepGoing, or a record nothing can follow). */
  get running(): boolean {
    return !this.halted;
  }

  summary(): ChainSummary {
    return {
      blocks: this.blocks,
      firstBlock: this.firstBlock,
      lastBlock: this.lastBlock,
      checkpoint: this.checkpoint,
      transactions: { ...this.counts },
      configBlocks: [...this.configBlocks],
    };
  }

  /** Records a problem; without keepGoing only the first one, and the scan stops. */
  report(problem: IntegrityProblem): void {
    if (this.halted) return;
    this.problems.push(problem);
    if (!this.options.keepGoing) this.halted = true;
  }

  process(input: ScanInput): void {
    if (this.halted) return;
    if (input.kind === 'unreadable') {
      const location = locationOf(input.position);
      this.report({ kind: 'unreadable-record', ...(this.expected === undefined ? {} : { blockNumber: this.expected }), message: input.reason, ...(location ? { location } : {}) });
      if (!input.resumable) this.halted = true;
      // The block that should have been here is gone: the next one cannot link to it.
      this.previousHash = undefined;
      if (this.expected !== undefined) this.expected += 1;
      return;
    }
    this.location = locationOf(input.position);
    this.processBlock(input.block);
  }

  private problem(kind: ProblemKind, blockNumber: number, message: string, extra: { txNumber?: number } = {}): void {
    const location = this.location;
    this.report({ kind, blockNumber, message, ...(extra.txNumber === undefined ? {} : { txNumber: extra.txNumber }), ...(location ? { location } : {}) });
  }

  private processBlock(block: common.Block): void {
    const header = block.getHeader() as common.BlockHeader;
    const number = header.getNumber();
    this.blocks += 1;
    this.firstBlock ??= number;
    if (this.expected !== undefined && number !== this.expected) this.problem('block-number', number, `expected block ${this.expected} here`);
    const previous = Buffer.from(header.getPreviousHash_asU8());
    if (number === 0 && previous.length > 0) this.problem('broken-link', 0, 'the genesis block has a previous hash');
    if (number > 0 && this.previousHash && !this.previousHash.equals(previous)) {
      this.problem('broken-link', number, `previous_hash ${previous.toString('hex')} is not the header hash ${this.previousHash.toString('hex')} of block ${number - 1}`);
    }
    this.guard('data-hash', number, () => checkDataHash(block));
    const malformed = malformedTransaction(block);
    if (malformed) this.problem('malformed-transaction', number, malformed);
    const entries = block.getData()?.getDataList_asU8() ?? [];
    const codes = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
    if (codes.length !== entries.length) this.problem('validation-codes', number, `${codes.length} validation codes for ${entries.length} transactions`);

    if (this.options.signatures !== false) this.checkBlockSignatures(block, number, entries);
    this.processTransactions(number, entries, codes);
    this.expected = number + 1;
    this.previousHash = Buffer.from(blockHeaderHash(header));
    this.lastBlock = number;
    if (this.problems.length === 0) this.checkpoint = { blockNumber: number, headerHash: this.previousHash.toString('hex') };
  }

  private checkBlockSignatures(block: common.Block, number: number, entries: readonly Uint8Array[]): void {
    const isConfig = entries.length === 1 && isConfigEnvelope(entries[0] as Uint8Array);
    if (number > 0) {
      if (!this.trust) this.problem('config', number, 'no config block precedes this block: its signatures cannot be checked');
      else this.guard('orderer-signature', number, () => checkOrdererSignatures(block, this.trust as ChannelTrust));
    }
    if (isConfig) {
      this.guard('config', number, () => {
        this.trust = ChannelTrust.fromConfigBlock(block);
        this.configBlocks.push(number);
      });
    }
    if (number > 0 && this.trust) {
      const named = this.guard('config', number, () => lastConfigIndexOf(block));
      const expectedIndex = isConfig ? number : this.trust.configBlockNumber;
      if (named !== undefined && named !== expectedIndex) this.problem('config', number, `the signed metadata names config block ${named}; the config in force is block ${expectedIndex}`);
    }
  }

  private processTransactions(number: number, entries: readonly Uint8Array[], codes: Uint8Array): void {
    entries.forEach((envelope, txNumber) => {
      const code = codes[txNumber] ?? peer.TxValidationCode.NOT_VALIDATED;
      this.counts.total += 1;
      if (code !== VALID) this.counts.invalid += 1;
      else this.counts.valid += 1;
      const txId = txIdOfEnvelope(envelope) ?? '';
      if (code === VALID && txId !== '' && this.txIds.has(txId)) this.problem('duplicate-txid', number, `txID ${txId} was committed before`, { txNumber });
      if (txId !== '') this.txIds.add(txId);
      if (code !== VALID || isConfigEnvelope(envelope)) return;
      this.processValidTransaction(envelope, number, txNumber);
    });
  }

  private processValidTransaction(envelope: Uint8Array, number: number, txNumber: number): void {
    if (this.options.signatures === false || !this.trust) {
      // Without signature checks the writes are still replayed, for the state comparison.
      const replay = this.guard('transaction-signature', number, () => rwsetOf(envelope), txNumber);
      if (replay) this.state.apply(replay, { blockNum: number, txNum: txNumber });
      return;
    }
    const checked = this.guard('transaction-signature', number, () => checkEndorserTransaction(envelope, this.trust as ChannelTrust, number, `tx ${txNumber}`), txNumber);
    if (!checked) return;
    const stale = staleRead(checked.action, this.state);
    if (stale) this.problem('stale-read', number, `a VALID transaction ${stale}`, { txNumber });
    const policyProblem = this.audit.problem(checked.action, checked.endorsers, this.state, this.trust);
    if (policyProblem) this.problem('endorsement-policy', number, `a VALID transaction: ${policyProblem}`, { txNumber });
    this.state.apply(checked.action.rwset, { blockNum: number, txNum: txNumber });
    this.policies.learn(checked.action);
  }

  /** Runs a check; a VerificationError (or a decoding failure) becomes a problem of the given kind. */
  private guard<T>(kind: ProblemKind, blockNumber: number, check: () => T, txNumber?: number): T | undefined {
    try {
      return check();
    } catch (error) {
      const message = error instanceof VerificationError ? error.message.replace(/^[A-Z_]+: (block \d+: )?/, '') : (error as Error).message;
      this.problem(kind, blockNumber, message, txNumber === undefined ? {} : { txNumber });
      return undefined;
    }
  }
}

function rwsetOf(envelope: Uint8Array): TxRwSet | undefined {
  return parseTransaction(envelope).actions?.[0]?.rwset;
}
