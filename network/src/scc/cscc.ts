/**
 * CSCC, the configuration system chaincode (core/scc/cscc/configure.go) as far as a running
 * embedded network supports it: GetConfigBlock (the channel's latest config block), GetChannelConfig
 * (its common.Config) and GetChannels. Joining channels is refused after the ACL check: the embedded
 * peers are joined to their one channel when the network starts.
 */
import { peer } from '@hyperledger/fabric-protos';
import type { UnpackedProposal } from '../endorser/unpacked-proposal';
import { lastConfigIndexOf } from '../orderer/block-signature';
import { configFromBlock } from '../orderer/config-block-reader';
import { AccessDeniedError, type AclProvider } from './acl';
import type { CommittedBlocks } from './block-hash-index';
import { argsOf, goString, invokedChaincodeName } from './scc-args';
import { failure, success, type SystemChaincode } from './system-chaincode';

export interface CsccOptions {
  readonly channelId: string;
  readonly ledger: CommittedBlocks;
  readonly acl: AclProvider;
}

const JOIN_FUNCTIONS = new Set(['JoinChain', 'JoinChainBySnapshot', 'JoinBySnapshotStatus']);

export class Cscc implements SystemChaincode {
  readonly name = 'cscc';

  constructor(private readonly options: CsccOptions) {}

  async invoke(proposal: UnpackedProposal): Promise<peer.Response> {
    const args = argsOf(proposal);
    if (args.length < 1) return failure(`Incorrect number of arguments, ${args.length}`);
    const fname = goString(args[0]);
    if (fname !== 'GetChannels' && fname !== 'JoinBySnapshotStatus' && args.length < 2) return failure(`Incorrect number of arguments, ${args.length}`);
    let invoked: string;
    try {
      invoked = invokedChaincodeName(proposal);
    } catch (error) {
      return failure(`Failed to identify the called chaincode: ${(error as Error).message}`);
    }
    if (invoked !== this.name) return failure(`Rejecting invoke of CSCC from another chaincode, original invocation for '${invoked}'`);
    const channel = goString(args[1]);
    switch (fname) {
      case 'GetConfigBlock':
        return this.guarded(`access denied for [${fname}][${channel}]: `, 'cscc/GetConfigBlock', channel, proposal, () => this.configBlock(channel));
      case 'GetChannelConfig':
        if (channel === '') return failure('empty channel name provided');
        return this.guarded(`access denied for [${fname}][${channel}]: `, 'cscc/GetChannelConfig', channel, proposal, () => this.channelConfig(channel));
      case 'GetChannels':
        return this.guarded(`access denied for [${fname}]: `, 'cscc/GetChannels', '', proposal, async () => this.channels());
      default:
        if (JOIN_FUNCTIONS.has(fname)) {
          return this.guarded(`access denied for [${fname}]: `, `cscc/${fname}`, '', proposal, async () =>
            failure(`${fname} is not supported: the embedded network's peers join channel ${this.options.channelId} when the network starts`),
          );
        }
        return failure(`Requested function ${fname} not found.`);
    }
  }

  private async guarded(prefix: string, resource: string, channel: string, proposal: UnpackedProposal, run: () => Promise<peer.Response>): Promise<peer.Response> {
    try {
      this.options.acl.checkAcl(resource, channel, proposal);
    } catch (error) {
      if (!(error instanceof AccessDeniedError)) throw error;
      return failure(prefix + error.message);
    }
    return run();
  }

  /** peer.ConfigBlockFromLedger: the block the last block's metadata names as the last config. */
  private async configBlock(channel: string): Promise<peer.Response> {
    if (channel !== this.options.channelId) return failure(`Unknown channel ID, ${channel}`);
    return success((await this.latestConfigBlock()).serializeBinary());
  }

  /** peer.RetrievePersistedChannelConfig: the common.Config of the latest config transaction. */
  private async channelConfig(channel: string): Promise<peer.Response> {
    if (channel !== this.options.channelId) return failure(`unknown channel ID, ${channel}`);
    return success(configFromBlock(await this.latestConfigBlock()).config.serializeBinary());
  }

  private channels(): peer.Response {
    const info = new peer.ChannelInfo();
    info.setChannelId(this.options.channelId);
    const response = new peer.ChannelQueryResponse();
    response.setChannelsList([info]);
    return success(response.serializeBinary());
  }

  private async latestConfigBlock() {
    const { ledger } = this.options;
    const last = await ledger.getBlockByNumber(ledger.height - 1);
    return ledger.getBlockByNumber(lastConfigIndexOf(last));
  }
}
