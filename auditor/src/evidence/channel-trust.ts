/**
 * What the channel's config block says an auditor should trust: its org CAs (ChannelIdentities), its
 * policies (ConfigPolicies: BlockValidation for orderer signatures, Endorsement…), and the block's
 * place in the chain.
 */
import type { common } from '@hyperledger/fabric-protos';
import { configFromBlock } from '@mobility-ledger/network/dist/orderer/config-block-reader';
import { ChannelIdentities } from './channel-identities';
import { channelMspsOf } from './channel-msps';
import { ConfigPolicies } from './config-policies';
import { reject } from './verification-error';

export const BLOCK_VALIDATION_POLICY = '/Channel/Orderer/BlockValidation';

export class ChannelTrust {
  private constructor(
    readonly channelId: string,
    readonly configBlockNumber: number,
    readonly config: common.Config,
    readonly identities: ChannelIdentities,
    readonly policies: ConfigPolicies,
  ) {}

  static fromConfigBlock(block: common.Block): ChannelTrust {
    const number = block.getHeader()?.getNumber() ?? 0;
    let parsed: ReturnType<typeof configFromBlock>;
    try {
      parsed = configFromBlock(block);
    } catch (error) {
      return reject('CONFIG', (error as Error).message, number);
    }
    return new ChannelTrust(parsed.channelId, number, parsed.config, new ChannelIdentities(channelMspsOf(parsed.config)), new ConfigPolicies(parsed.config));
  }

  /** Root CA certificates (PEM) by MSP ID, for reports and bundle summaries. */
  rootCertificatesPem(): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const definition of this.identities.msps) result[definition.mspId] = definition.rootCertificates.map((certificate) => certificate.toString());
    return result;
  }
}
