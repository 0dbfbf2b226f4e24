/**
 * QSCC, the ledger query system chaincode (core/scc/qscc/query.go): blocks, transactions and chain
 * info of a channel, as marshalled protos. Argument checks, their order and every message follow
 * Fabric 2.5; ledger errors carry the block store's messages (common/ledger/blkstorage).
 */
import { common, peer } from '@hyperledger/fabric-protos';
import type { UnpackedProposal } from '../endorser/unpacked-proposal';
import { blockHeaderHash } from '../protoutil/block';
import { AccessDeniedError, type AclProvider } from './acl';
import type { BlockHashIndex, CommittedBlocks } from './block-hash-index';
import { argsOf, goHex, goString, invokedChaincodeName, MAX_UINT64, parseUint64 } from './scc-args';
import { failure, success, type SystemChaincode } from './system-chaincode';

/** What QSCC reads of the channel's ledger (KvLedger provides it; reads stop at the committed height). */
export interface QueryableLedger extends CommittedBlocks {
  getTransactionByTxId(txId: string): Promise<{ readonly envelope: Uint8Array; readonly validationCode: number; readonly blockNum: number } | undefined>;
}

export interface QsccOptions {
  readonly channelId: string;
  readonly ledger: QueryableLedger;
  readonly hashIndex: BlockHashIndex;
  readonly acl: AclProvider;
}

const FUNCTIONS = ['GetChainInfo', 'GetBlockByNumber', 'GetBlockByHash', 'GetTransactionByID', 'GetBlockByTxID'] as const;
type QsccFunction = (typeof FUNCTIONS)[number];

export class Qscc implements SystemChaincode {
  readonly name = 'qscc';

  constructor(private readonly options: QsccOptions) {}

  async invoke(proposal: UnpackedProposal): Promise<peer.Response> {
    const args = argsOf(proposal);
    if (args.length < 2) return failure(`Incorrect number of arguments, ${args.length}`);
    const fname = goString(args[0]);
    const cid = goString(args[1]);
    let invoked: string;
    try {
      invoked = invokedChaincodeName(proposal);
    } catch (error) {
      return failure(`Failed to identify the called chaincode: ${(error as Error).message}`);
    }
    if (invoked !== this.name) {
      return failure(`Rejecting invoke of QSCC from another chaincode because of potential for deadlocks, original invocation for '${invoked}'`);
    }
    if (fname !== 'GetChainInfo' && args.length < 3) return failure(`missing 3rd argument for ${fname}`);
    if (cid !== this.options.channelId) return failure(`Invalid chain ID, ${cid}`);
    try {
      this.options.acl.checkAcl(`qscc/${fname}`, cid, proposal);
    } catch (error) {
      if (!(error instanceof AccessDeniedError)) throw error;
      return failure(`access denied for [${fname}][${cid}]: [${error.message}]`);
    }
    if (!isQsccFunction(fname)) return failure(`Requested function ${fname} not found.`);
    const argument = args[2] ?? new Uint8Array();
    switch (fname) {
      case 'GetChainInfo':
        return this.chainInfo();
      case 'GetBlockByNumber':
        return this.blockByNumber(goString(argument));
      case 'GetBlockByHash':
        return this.blockByHash(argument);
      case 'GetTransactionByID':
        return this.transactionById(goString(argument));
      case 'GetBlockByTxID':
        return this.blockByTxId(goString(argument));
    }
  }

  /** common.BlockchainInfo: height, hash of the last block's header and its previous hash. */
  private async chainInfo(): Promise<peer.Response> {
    const { ledger } = this.options;
    const height = ledger.height;
    const info = new common.BlockchainInfo();
    info.setHeight(height);
    if (height > 0) {
      const header = (await ledger.getBlockByNumber(height - 1)).getHeader() ?? new common.BlockHeader();
      info.setCurrentblockhash(blockHeaderHash(header));
      info.setPreviousblockhash(header.getPreviousHash_asU8());
    }
    return success(info.serializeBinary());
  }

  private async blockByNumber(text: string): Promise<peer.Response> {
    let requested: bigint;
    try {
      requested = parseUint64(text);
    } catch (error) {
      return failure(`Failed to parse block number with error ${(error as Error).message}`);
    }
    const height = BigInt(this.options.ledger.height);
    // math.MaxUint64 asks for the last block.
    const number = requested === MAX_UINT64 ? height - 1n : requested;
    if (number >= height) return failure(`Failed to get block number ${requested}, error no such block number [${number}] in index`);
    return this.blockResponse(Number(number));
  }

  private async blockByHash(hash: Uint8Array): Promise<peer.Response> {
    const number = await this.options.hashIndex.blockNumberOf(hash);
    if (number === undefined) {
      return failure(`Failed to get block hash ${goString(hash)}, error no such block hash [${goHex(hash)}] in index`);
    }
    return this.blockResponse(number);
  }

  /** peer.ProcessedTransaction: the envelope and its validation code (the first occurrence of the txID). */
  private async transactionById(txId: string): Promise<peer.Response> {
    const record = await this.options.ledger.getTransactionByTxId(txId);
    if (!record) return failure(`Failed to get transaction with id ${txId}, error ${noSuchTransaction(txId)}`);
    const processed = new peer.ProcessedTransaction();
    processed.setTransactionenvelope(common.Envelope.deserializeBinary(record.envelope));
    processed.setValidationcode(record.validationCode);
    return success(processed.serializeBinary());
  }

  private async blockByTxId(txId: string): Promise<peer.Response> {
    const record = await this.options.ledger.getTransactionByTxId(txId);
    if (!record) return failure(`Failed to get block for txID ${txId}, error ${noSuchTransaction(txId)}`);
    return this.blockResponse(record.blockNum);
  }

  private async blockResponse(number: number): Promise<peer.Response> {
    return success((await this.options.ledger.getBlockByNumber(number)).serializeBinary());
  }
}

function isQsccFunction(name: string): name is QsccFunction {
  return (FUNCTIONS as readonly string[]).includes(name);
}

/** blockIndex.getTxIDVal's error for a txID the index does not hold. */
function noSuchTransaction(txId: string): string {
  return `no such transaction ID [${txId}] in index`;
}
