import type { Contract } from 'fabric-contract-api';
import { compareKeys } from '../../testing/memory-world-state';
import { TestLedger, type InvokeOptions, type InvokeResult } from '../../testing/test-ledger';
import { OEM_PRIVATE_COLLECTION } from '../pairing-store';
import { PeerWorldState } from './peer-world-state';

/** A ledger over one peer's copy of the state; it starts at the same clock as the ledger it copies. */
class PeerLedger extends TestLedger {
  declare readonly world: PeerWorldState;

  constructor(world: PeerWorldState, clockMs: number) {
    super();
    this.world = world;
    this.clockMs = clockMs;
  }
}

/** How one peer simulated a transaction: its response (or error), writes and reads. */
export interface PeerSimulation {
  readonly outcome: { result: string; event: InvokeResult['event'] } | { error: string };
  /** Public writes sorted by key, as in Fabric's rwset: [key, value hex, or null for a delete]. */
  readonly publicWrites: [string, string | null][];
  readonly validationParameters: Record<string, string>;
  readonly privateHashes: Record<string, Record<string, string>>;
  readonly reads: string[];
  readonly privateValueReads: string[];
}

/** Simulates a transaction on a copy of `source` as a peer that holds, or only hashes, `oemPrivate`. */
export async function simulateOnPeer(
  source: TestLedger,
  holdsOemPrivate: boolean,
  contract: Contract,
  method: string,
  args: readonly string[],
  options: InvokeOptions,
): Promise<PeerSimulation> {
  const world = new PeerWorldState(source.world, new Set(holdsOemPrivate ? [] : [OEM_PRIVATE_COLLECTION]));
  const peer = new PeerLedger(world, source.clockMs);
  const historyBefore = new Map([...world.history].map(([key, entries]) => [key, entries.length]));
  world.reads.length = 0;
  let outcome: PeerSimulation['outcome'];
  try {
    const { result, event } = await peer.submit(contract, method, args, options);
    outcome = { result, event };
  } catch (error) {
    outcome = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  const reads = [...world.reads];
  const publicWrites = [...world.history]
    .flatMap(([key, entries]) =>
      entries.slice(historyBefore.get(key) ?? 0).map((entry): [string, string | null] => [key, entry.isDelete ? null : Buffer.from(entry.value).toString('hex')]),
    )
    .sort(([a], [b]) => compareKeys(a, b));
  const sortedHex = (map: ReadonlyMap<string, Uint8Array>) =>
    Object.fromEntries([...map].sort(([a], [b]) => compareKeys(a, b)).map(([key, value]) => [key, Buffer.from(value).toString('hex')]));
  return {
    outcome,
    publicWrites,
    validationParameters: sortedHex(world.validationParameters),
    privateHashes: world.privateHashes(),
    reads,
    privateValueReads: reads.filter((read) => read.startsWith('value:')),
  };
}

export class EndorsementDivergence extends Error {
  constructor(
    readonly method: string,
    readonly aspect: string,
    readonly member: unknown,
    readonly nonMember: unknown,
  ) {
    super(`${method}: ${aspect} differ between an OemMSP peer and a non-member peer:\n  member:     ${JSON.stringify(member)}\n  non-member: ${JSON.stringify(nonMember)}`);
    this.name = 'EndorsementDivergence';
  }
}

/**
 * The chaincode-level policy needs two orgs' endorsements, and they must be byte-identical. This
 * ledger simulates every submitted transaction first on two copies of its state, one as an OemMSP
 * peer holds it and one as a peer of another org holds it (`oemPrivate` hashes only), and throws an
 * EndorsementDivergence unless both give the same response, event, writes and reads, and neither
 * read a private value. Then it runs the transaction on itself as usual.
 */
export class TwoPeerLedger extends TestLedger {
  /** Transactions both peers simulated identically (for tests that the check ran). */
  checkedTransactions = 0;

  override async submit(contract: Contract, method: string, args: readonly string[], options: InvokeOptions = {}): Promise<InvokeResult> {
    const same = { ...options, timestampMs: options.timestampMs ?? this.clockMs + 1000 };
    const member = await simulateOnPeer(this, true, contract, method, args, same);
    const nonMember = await simulateOnPeer(this, false, contract, method, args, same);
    assertSameSimulation(method, member, nonMember);
    this.checkedTransactions += 1;
    return super.submit(contract, method, args, options);
  }
}

export function assertSameSimulation(method: string, member: PeerSimulation, nonMember: PeerSimulation): void {
  const aspects = ['outcome', 'publicWrites', 'validationParameters', 'privateHashes', 'reads'] as const;
  for (const aspect of aspects) {
    const a = JSON.stringify(member[aspect]);
    const b = JSON.stringify(nonMember[aspect]);
    if (a !== b) throw new EndorsementDivergence(method, aspect, member[aspect], nonMember[aspect]);
  }
  if (member.privateValueReads.length > 0) {
    throw new EndorsementDivergence(method, 'private value reads (a write transaction must not read private data by value)', member.privateValueReads, nonMember.privateValueReads);
  }
}
