import type { Network } from '@hyperledger/fabric-gateway';
import type { BlockSource } from '../trail/block-source';
import { DeliverBlockSource } from '../trail/deliver-block-source';
import { QSCC, QsccBlockSource } from '../trail/qscc-block-source';

export type BlockSourceChoice = 'qscc' | 'deliver' | 'auto';

/** qscc when asked for, Deliver when asked for; `auto` uses qscc if the peer answers GetChainInfo. */
export async function chooseBlockSource(network: Network, channel: string, choice: BlockSourceChoice): Promise<BlockSource> {
  const qscc = new QsccBlockSource(network.getContract(QSCC), channel);
  if (choice === 'qscc') return qscc;
  if (choice === 'deliver') return new DeliverBlockSource(network);
  try {
    await qscc.height();
    return qscc;
  } catch {
    return new DeliverBlockSource(network);
  }
}
