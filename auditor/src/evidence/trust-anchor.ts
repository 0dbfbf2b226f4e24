/**
 * The checkpoint an auditor already trusts: a block number and its header hash (from an earlier
 * audit, a peer's GetChainInfo, a published value), or genesis — block 0 as the bundle carries it,
 * which only proves consistency with whatever genesis block the auditor compares the reported hash to.
 */
export type TrustAnchor = { readonly type: 'checkpoint'; readonly blockNumber: number; readonly headerHash: Buffer } | { readonly type: 'genesis' };

export class TrustAnchorSyntaxError extends Error {
  override name = 'TrustAnchorSyntaxError';
}

/** `genesis`, or `<blockNumber>:<64 hex header hash>`. */
export function parseTrustAnchor(text: string): TrustAnchor {
  const trimmed = text.trim();
  if (trimmed === 'genesis') return { type: 'genesis' };
  const match = /^(\d+):([0-9a-fA-F]{64})$/.exec(trimmed);
  if (!match) throw new TrustAnchorSyntaxError(`trusted checkpoint must be 'genesis' or '<block number>:<64-hex header hash>', got '${text}'`);
  const blockNumber = Number(match[1]);
  if (!Number.isSafeInteger(blockNumber)) throw new TrustAnchorSyntaxError(`block number ${match[1]} is too large`);
  return { type: 'checkpoint', blockNumber, headerHash: Buffer.from(match[2] ?? '', 'hex') };
}

export function formatTrustAnchor(anchor: TrustAnchor): string {
  return anchor.type === 'genesis' ? 'genesis' : `${anchor.blockNumber}:${anchor.headerHash.toString('hex')}`;
}
