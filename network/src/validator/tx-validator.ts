import { common, ledger, peer } from '@hyperledger/fabric-protos';
import type { VerifiedIdentity } from '../endorser/ports';
import { committedTxFromEnvelope, type CommittedTx } from '../ledger/committed-tx';
import { computeTxId, hashedRwSetFromProto, kvRwSetFromProto, type TxRwSet } from '../protoutil/transaction';
import { BlockUpdates } from './block-updates';
import { checkHashedReads, checkReadSet } from './mvcc';
import { VALIDATION_PARAMETER, type CommittedStateView, type ValidationPolicies } from './ports';

const Code = peer.TxValidationCode;

/** A transaction that passed validation, with what the committer needs to apply it. */
export interface ValidTransaction {
  readonly txNum: number;
  readonly txId: string;
  readonly timestampMs: number;
  readonly rwset: ledger.rwset.TxReadWriteSet;
}

export interface BlockValidationResult {
  /** One peer.TxValidationCode per transaction, the TRANSACTIONS_FILTER of the block. */
  readonly codes: Uint8Array;
  readonly txIds: readonly string[];
  readonly valid: readonly ValidTransaction[];
  /** Every transaction as the ledger commits it (what committedTxsFromBlock would decode), without a second parse of the valid ones. */
  readonly committed: readonly CommittedTx[];
  /** What Fabric's ledger counts per transaction (ledger_transaction_count), one per transaction. */
  readonly stats: readonly TxStatInfo[];
}

/**
 * Fabric's validation.TxStatInfo as the ledger_transaction_count labels show it: a transaction the
 * committer's validation (signatures, policy) refused is of type and chaincode "unknown"; one that
 * reached the ledger's MVCC check has its header type and its chaincode action's `name:version`.
 */
export interface TxStatInfo {
  readonly transactionType: string;
  readonly chaincode: string;
  /** peer.TxValidationCode. */
  readonly validationCode: number;
}

const UNKNOWN = 'unknown';

export interface ValidatorOptions<I extends VerifiedIdentity> {
  readonly channelId: string;
  readonly chaincodeName: string;
  readonly state: CommittedStateView;
  readonly policies: ValidationPolicies<I>;
}

class InvalidTransaction extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/**
 * Validates every transaction of a block in order, as a Fabric 2.5 committing peer: envelope and
 * header checks, creator signature, txID, duplicates, endorsement signatures against the chaincode
 * and key-level policies, then MVCC and phantom checks against committed state plus the writes of
 * earlier valid transactions of the same block. Invalid transactions stay in the block, flagged.
 */
export async function validateBlock<I extends VerifiedIdentity>(block: common.Block, options: ValidatorOptions<I>): Promise<BlockValidationResult> {
  const entries = block.getData()?.getDataList_asU8() ?? [];
  const blockNum = block.getHeader()?.getNumber() ?? 0;
  const codes = new Uint8Array(entries.length);
  const txIds: string[] = [];
  const valid: ValidTransaction[] = [];
  const updates = new BlockUpdates();
  const seenTxIds = new Set<string>();
  const committed: CommittedTx[] = [];
  const stats: TxStatInfo[] = [];
  for (let txNum = 0; txNum < entries.length; txNum++) {
    let txId = '';
    let validEndorserTx: ParsedEndorserTransaction | undefined;
    let stat = { transactionType: UNKNOWN, chaincode: UNKNOWN };
    try {
      const parsed = parseTransaction(entries[txNum] as Uint8Array, options);
      txId = parsed.txId;
      if (seenTxIds.has(txId) || (await options.state.hasTransaction(txId))) {
        throw new InvalidTransaction(Code.DUPLICATE_TXID, `duplicate txID ${txId}`);
      }
      seenTxIds.add(txId);
      if (parsed.kind === 'config') {
        codes[txNum] = Code.VALID;
        stat = { transactionType: 'CONFIG', chaincode: UNKNOWN };
      } else {
        await checkEndorsements(parsed, updates, options);
        stat = { transactionType: 'ENDORSER_TRANSACTION', chaincode: parsed.chaincode };
        await checkReads(parsed, updates, options);
        applyToBlockUpdates(parsed, updates, { blockNum, txNum });
        valid.push({ txNum, txId, timestampMs: parsed.timestampMs, rwset: parsed.rwset });
        codes[txNum] = Code.VALID;
        validEndorserTx = parsed;
      }
    } catch (error) {
      codes[txNum] = error instanceof InvalidTransaction ? error.code : Code.INVALID_OTHER_REASON;
    }
    txIds.push(txId);
    stats.push({ ...stat, validationCode: codes[txNum] ?? Code.INVALID_OTHER_REASON });
    committed.push(
      validEndorserTx
        ? { txNum, txId, validationCode: Code.VALID, timestamp: validEndorserTx.timestamp, rwset: plainRwSet(validEndorserTx) }
        : committedTxFromEnvelope(entries[txNum] as Uint8Array, blockNum, txNum, codes[txNum] ?? Code.INVALID_OTHER_REASON),
    );
  }
  return { codes, txIds, valid, committed, stats };
}

/** A namespace of the read/write set, its KVRWSet and hashed collections decoded on first use only. */
class NamespaceRwSet {
  private kvRwSet: ledger.rwset.kvrwset.KVRWSet | undefined;
  private hashed: { readonly name: string; readonly rwset: ledger.rwset.kvrwset.HashedRWSet; readonly pvtRwSetHash: Uint8Array }[] | undefined;

  constructor(private readonly proto: ledger.rwset.NsReadWriteSet) {}

  get namespace(): string {
    return this.proto.getNamespace();
  }

  get kv(): ledger.rwset.kvrwset.KVRWSet {
    this.kvRwSet ??= ledger.rwset.kvrwset.KVRWSet.deserializeBinary(this.proto.getRwset_asU8());
    return this.kvRwSet;
  }

  get collections(): readonly { readonly name: string; readonly rwset: ledger.rwset.kvrwset.HashedRWSet; readonly pvtRwSetHash: Uint8Array }[] {
    this.hashed ??= this.proto.getCollectionHashedRwsetList().map((collection) => ({
      name: collection.getCollectionName(),
      rwset: ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(collection.getHashedRwset_asU8()),
      pvtRwSetHash: collection.getPvtRwsetHash_asU8(),
    }));
    return this.hashed;
  }

  get hasCollections(): boolean {
    return this.proto.getCollectionHashedRwsetList().length > 0;
  }
}

/** The rwset in the ledger's plain form, from the protos validation decoded (as decodeTxRwSet would give). */
function plainRwSet(parsed: ParsedEndorserTransaction): TxRwSet {
  return {
    nsRwSets: parsed.namespaces.map((ns) => ({
      namespace: ns.namespace,
      kvRwSet: kvRwSetFromProto(ns.kv),
      collHashedRwSets: ns.collections.map((collection) => ({
        collectionName: collection.name,
        hashedRwSet: hashedRwSetFromProto(collection.rwset),
        pvtRwSetHash: collection.pvtRwSetHash,
      })),
    })),
  };
}

interface ParsedEndorserTransaction {
  readonly kind: 'endorser';
  readonly txId: string;
  readonly timestampMs: number;
  readonly timestamp: { readonly seconds: number; readonly nanos: number } | undefined;
  /** `name:version` of the chaincode action's chaincode ID. */
  readonly chaincode: string;
  readonly responsePayload: Uint8Array;
  readonly endorsements: peer.Endorsement[];
  readonly rwset: ledger.rwset.TxReadWriteSet;
  readonly namespaces: readonly NamespaceRwSet[];
}

type ParsedTransaction = ParsedEndorserTransaction | { readonly kind: 'config'; readonly txId: string };

function parseTransaction<I extends VerifiedIdentity>(entry: Uint8Array, options: ValidatorOptions<I>): ParsedTransaction {
  if (entry.length === 0) throw new InvalidTransaction(Code.NIL_ENVELOPE, 'nil envelope');
  let envelope: common.Envelope;
  let payload: common.Payload;
  try {
    envelope = common.Envelope.deserializeBinary(entry);
    payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  } catch {
    throw new InvalidTransaction(Code.BAD_PAYLOAD, 'bad payload');
  }
  const header = payload.getHeader();
  if (!header) throw new InvalidTransaction(Code.BAD_COMMON_HEADER, 'missing header');
  let channelHeader: common.ChannelHeader;
  let signatureHeader: common.SignatureHeader;
  try {
    channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
    signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
  } catch {
    throw new InvalidTransaction(Code.BAD_COMMON_HEADER, 'bad header');
  }
  if (channelHeader.getChannelId() !== options.channelId) throw new InvalidTransaction(Code.TARGET_CHAIN_NOT_FOUND, 'wrong channel');
  const txId = channelHeader.getTxId();
  if (channelHeader.getType() === common.HeaderType.CONFIG) return { kind: 'config', txId };
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) throw new InvalidTransaction(Code.UNKNOWN_TX_TYPE, 'unknown tx type');

  const creatorBytes = signatureHeader.getCreator_asU8();
  let creator: I;
  try {
    creator = options.policies.deserializeIdentity(creatorBytes);
  } catch {
    throw new InvalidTransaction(Code.BAD_CREATOR_SIGNATURE, 'creator is not a valid channel identity');
  }
  if (!creator.verify(envelope.getPayload_asU8(), envelope.getSignature_asU8())) {
    throw new InvalidTransaction(Code.BAD_CREATOR_SIGNATURE, 'creator signature does not verify');
  }
  if (computeTxId(signatureHeader.getNonce_asU8(), creatorBytes) !== txId) {
    throw new InvalidTransaction(Code.BAD_PROPOSAL_TXID, 'txID is not SHA-256(nonce || creator)');
  }
  try {
    const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
    const [action] = transaction.getActionsList();
    if (!action || transaction.getActionsList().length !== 1) throw new InvalidTransaction(Code.NIL_TXACTION, 'expected one action');
    const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
    const endorsed = actionPayload.getAction();
    if (!endorsed) throw new InvalidTransaction(Code.NIL_TXACTION, 'missing endorsed action');
    const responsePayload = endorsed.getProposalResponsePayload_asU8();
    const chaincodeAction = peer.ChaincodeAction.deserializeBinary(peer.ProposalResponsePayload.deserializeBinary(responsePayload).getExtension_asU8());
    const chaincodeId = chaincodeAction.getChaincodeId();
    if (chaincodeId?.getName() !== options.chaincodeName) {
      throw new InvalidTransaction(Code.INVALID_CHAINCODE, 'unknown chaincode');
    }
    const rwset = ledger.rwset.TxReadWriteSet.deserializeBinary(chaincodeAction.getResults_asU8());
    const timestamp = channelHeader.getTimestamp();
    const timestampMs = timestamp ? timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1e6) : 0;
    return {
      kind: 'endorser',
      txId,
      timestampMs,
      timestamp: timestamp ? { seconds: timestamp.getSeconds(), nanos: timestamp.getNanos() } : undefined,
      chaincode: `${chaincodeId.getName()}:${chaincodeId.getVersion()}`,
      responsePayload,
      endorsements: endorsed.getEndorsementsList(),
      rwset,
      namespaces: rwset.getNsRwsetList().map((ns) => new NamespaceRwSet(ns)),
    };
  } catch (error) {
    if (error instanceof InvalidTransaction) throw error;
    throw new InvalidTransaction(Code.BAD_RWSET, 'malformed transaction action');
  }
}

/** VSCC: verified endorsers must satisfy each written key's policy, or the chaincode policy. */
async function checkEndorsements<I extends VerifiedIdentity>(
  parsed: ParsedEndorserTransaction,
  updates: BlockUpdates,
  options: ValidatorOptions<I>,
): Promise<void> {
  const endorsers: I[] = [];
  const seen = new Set<string>();
  for (const endorsement of parsed.endorsements) {
    const identityBytes = endorsement.getEndorser_asU8();
    const id = Buffer.from(identityBytes).toString('base64');
    if (seen.has(id)) continue;
    try {
      const identity = options.policies.deserializeIdentity(identityBytes);
      if (identity.verify(Buffer.concat([parsed.responsePayload, identityBytes]), endorsement.getSignature_asU8())) {
        endorsers.push(identity);
        seen.add(id);
      }
    } catch {
      // An endorsement from an unknown or invalid identity simply does not count, as in Fabric.
    }
  }
  let needsChaincodePolicy = true;
  let wroteAnything = false;
  for (const nsRwset of parsed.namespaces) {
    const namespace = nsRwset.namespace;
    const kv = nsRwset.kv;
    if (namespace !== options.chaincodeName) {
      // Reads of other namespaces (the chaincode definition in _lifecycle) are fine; writes are not.
      if (kv.getWritesList().length > 0 || kv.getMetadataWritesList().length > 0 || nsRwset.hasCollections) {
        throw new InvalidTransaction(Code.ILLEGAL_WRITESET, `writes to namespace ${namespace}`);
      }
      continue;
    }
    const keys = [...kv.getWritesList().map((w) => w.getKey()), ...kv.getMetadataWritesList().map((w) => w.getKey())];
    const policies: Uint8Array[] = [];
    let keyWithoutPolicy = false;
    for (const key of new Set(keys)) {
      wroteAnything = true;
      const pending = updates.get(namespace, key);
      const parameter = pending?.validationParameter !== undefined ? pending.validationParameter : await options.state.getValidationParameter(namespace, key);
      if (parameter && parameter.length > 0) policies.push(parameter);
      else keyWithoutPolicy = true;
    }
    for (const collection of nsRwset.collections) {
      const hashed = collection.rwset;
      for (const write of [...hashed.getHashedWritesList(), ...hashed.getMetadataWritesList()]) {
        wroteAnything = true;
        const keyHash = Buffer.from(write.getKeyHash_asU8());
        const hashedNamespace = BlockUpdates.hashedNamespace(namespace, collection.name);
        const pending = updates.get(hashedNamespace, keyHash.toString('hex'));
        const parameter = pending?.validationParameter !== undefined
          ? pending.validationParameter
          : await options.state.getHashedValidationParameter(namespace, collection.name, keyHash);
        if (parameter && parameter.length > 0) policies.push(parameter);
        else keyWithoutPolicy = true;
      }
    }
    for (const policy of policies) {
      if (!options.policies.keyPolicySatisfied(policy, endorsers)) {
        throw new InvalidTransaction(Code.ENDORSEMENT_POLICY_FAILURE, 'key-level endorsement policy not satisfied');
      }
    }
    needsChaincodePolicy = keyWithoutPolicy;
  }
  if ((needsChaincodePolicy || !wroteAnything) && !options.policies.chaincodePolicySatisfied(endorsers)) {
    throw new InvalidTransaction(Code.ENDORSEMENT_POLICY_FAILURE, 'chaincode endorsement policy not satisfied');
  }
}

async function checkReads<I extends VerifiedIdentity>(parsed: ParsedEndorserTransaction, updates: BlockUpdates, options: ValidatorOptions<I>): Promise<void> {
  for (const nsRwset of parsed.namespaces) {
    const namespace = nsRwset.namespace;
    const outcome = await checkReadSet(options.state, updates, namespace, nsRwset.kv);
    if (outcome === 'mvcc-conflict') throw new InvalidTransaction(Code.MVCC_READ_CONFLICT, 'read version changed');
    if (outcome === 'phantom') throw new InvalidTransaction(Code.PHANTOM_READ_CONFLICT, 'range query result changed');
    for (const collection of nsRwset.collections) {
      if ((await checkHashedReads(options.state, updates, namespace, collection.name, collection.rwset)) !== 'valid') {
        throw new InvalidTransaction(Code.MVCC_READ_CONFLICT, 'private read version changed');
      }
    }
  }
}

function applyToBlockUpdates(parsed: ParsedEndorserTransaction, updates: BlockUpdates, version: { blockNum: number; txNum: number }): void {
  for (const nsRwset of parsed.namespaces) {
    const namespace = nsRwset.namespace;
    const kv = nsRwset.kv;
    for (const write of kv.getWritesList()) updates.record(namespace, write.getKey(), version, write.getIsDelete());
    for (const write of kv.getMetadataWritesList()) {
      const entry = write.getEntriesList().find((e) => e.getName() === VALIDATION_PARAMETER);
      updates.recordValidationParameter(namespace, write.getKey(), version, entry ? entry.getValue_asU8() : null);
    }
    for (const collection of nsRwset.collections) {
      const hashedNamespace = BlockUpdates.hashedNamespace(namespace, collection.name);
      const hashed = collection.rwset;
      for (const write of hashed.getHashedWritesList()) {
        updates.record(hashedNamespace, Buffer.from(write.getKeyHash_asU8()).toString('hex'), version, write.getIsDelete());
      }
      for (const write of hashed.getMetadataWritesList()) {
        const entry = write.getEntriesList().find((e) => e.getName() === VALIDATION_PARAMETER);
        updates.recordValidationParameter(hashedNamespace, Buffer.from(write.getKeyHash_asU8()).toString('hex'), version, entry ? entry.getValue_asU8() : null);
      }
    }
  }
}
