import type { OrgName } from './gateway-pool';

/** The transactions of the mixed workload (see workload-mix.ts for why these). */
export const TX_KINDS = ['pairing:VerifyMessage', 'rideshare:RequestRide', 'vinaudit.lots:RecordVehicles', 'devices:Register'] as const;
export type TxKind = (typeof TX_KINDS)[number];

/** One ready-to-submit transaction: device requests already signed, transient data already built. */
export interface WorkItem {
  readonly kind: TxKind;
  /** The org whose gateway client relays it. */
  readonly org: OrgName;
  readonly args: readonly string[];
  readonly transient?: Readonly<Record<string, string>>;
  readonly endorsingOrganizations?: readonly string[];
  /** Checks the transaction's result, so a VALID transaction that did something else is noticed. */
  readonly expect: (result: unknown) => boolean;
}

/** 'VALID', another Fabric validation code, or the client-side step that failed. */
export type TxOutcome = string;

/** Timings of one transaction, in ms on the performance.now() clock. */
export interface TxSample {
  readonly kind: TxKind;
  readonly org: OrgName;
  /** Open loop: when it was due. Latency is measured from here, so client lag counts. */
  readonly scheduledMs: number;
  readonly startMs: number;
  readonly endorsedMs?: number;
  readonly submittedMs?: number;
  readonly doneMs: number;
  readonly outcome: TxOutcome;
  readonly resultOk: boolean;
  readonly message?: string;
}

export function isValid(sample: TxSample): boolean {
  return sample.outcome === 'VALID';
}
