/** What a verified bundle establishes, for reports. */
export interface IdentitySummary {
  readonly mspId: string;
  readonly commonName: string;
}

export interface VerifiedEvidence {
  readonly channel: string;
  readonly chaincode: string;
  readonly record: {
    readonly namespace: string;
    readonly key: string;
    readonly keyDisplay: string;
    readonly value: Buffer;
    readonly isDelete: boolean;
  };
  readonly transaction: {
    readonly txId: string;
    readonly blockNumber: number;
    readonly txNumber: number;
    readonly timestamp: string;
    readonly creator: IdentitySummary;
    readonly endorsers: readonly IdentitySummary[];
  };
  readonly orderers: readonly IdentitySummary[];
  readonly endorsementPolicy: { readonly description: string; readonly source: string };
  readonly anchor: { readonly blockNumber: number; readonly headerHash: string; readonly trusted: 'checkpoint' | 'genesis' };
  readonly headerChain: { readonly first: number; readonly last: number };
  readonly configBlock: number;
}
