import type { Contract } from 'fabric-contract-api';
import { LedgerContext } from '../lib/context';
import type { LedgerEventPayload } from '../lib/events';
import { MemoryStub } from './memory-stub';
import { MemoryWorldState } from './memory-world-state';

export const TEST_CHANNEL = 'mobility';
/** 2026-01-01T00:00:00Z: a fixed start so tests are reproducible. */
export const TEST_EPOCH_MS = Date.UTC(2026, 0, 1);

export interface InvokeOptions {
  readonly mspId?: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly transient?: Readonly<Record<string, string | Uint8Array>>;
  /** Transaction time; defaults to the ledger clock, which advances one second per transaction. */
  readonly timestampMs?: number;
}

export interface InvokeResult {
  readonly txId: string;
  readonly result: string;
  readonly event: { name: string; payload: LedgerEventPayload } | undefined;
}

/** What a test client identity looks like to a contract (the subset of fabric-shim's ClientIdentity we use). */
class TestClientIdentity {
  constructor(
    private readonly mspId: string,
    private readonly attributes: Readonly<Record<string, string>>,
  ) {}
  getMSPID(): string {
    return this.mspId;
  }
  getID(): string {
    return `x509::CN=test-user,OU=client::CN=ca.${this.mspId}`;
  }
  getAttributeValue(name: string): string | null {
    return this.attributes[name] ?? null;
  }
  assertAttributeValue(name: string, value: string): boolean {
    return this.attributes[name] === value;
  }
}

/**
 * Unit-test ledger: runs contract transactions against in-memory state with Fabric's transaction
 * semantics (before/after hooks, reads of committed state only, all-or-nothing commit, one event).
 * End-to-end tests use the embedded network instead.
 */
export class TestLedger {
  readonly world = new MemoryWorldState();
  clockMs = TEST_EPOCH_MS;
  private txCounter = 0;

  async submit(contract: Contract, method: string, args: readonly string[], options: InvokeOptions = {}): Promise<InvokeResult> {
    return this.run(contract, method, args, options, true);
  }

  async evaluate(contract: Contract, method: string, args: readonly string[], options: InvokeOptions = {}): Promise<string> {
    return (await this.run(contract, method, args, options, false)).result;
  }

  /** Raw committed value of a key, for assertions on what is (not) on the public ledger. */
  rawState(): ReadonlyMap<string, Uint8Array> {
    return this.world.state;
  }

  private async run(
    contract: Contract,
    method: string,
    args: readonly string[],
    options: InvokeOptions,
    commit: boolean,
  ): Promise<InvokeResult> {
    this.txCounter += 1;
    const timestampMs = options.timestampMs ?? (this.clockMs += 1000);
    const txId = `tx${String(this.txCounter).padStart(6, '0')}`;
    const transient = new Map<string, Uint8Array>();
    for (const [key, value] of Object.entries(options.transient ?? {})) {
      transient.set(key, typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
    }
    const stub = new MemoryStub(this.world, {
      txId,
      channelId: TEST_CHANNEL,
      timestampMs,
      mspId: options.mspId ?? 'OemMSP',
      transient,
      fcn: `${contract.getName()}:${method}`,
      args: [...args],
    });
    const ctx = contract.createContext() as LedgerContext;
    ctx.stub = stub as never;
    ctx.clientIdentity = new TestClientIdentity(options.mspId ?? 'OemMSP', options.attributes ?? {}) as never;
    const handler = (contract as unknown as Record<string, unknown>)[method];
    if (typeof handler !== 'function') throw new Error(`${contract.getName()} has no transaction ${method}`);
    await contract.beforeTransaction(ctx);
    const result = (await handler.call(contract, ctx, ...args)) as string;
    await contract.afterTransaction(ctx, result);
    if (commit) this.apply(stub, txId, timestampMs);
    const event = stub.event
      ? { name: stub.event.name, payload: JSON.parse(Buffer.from(stub.event.payload).toString('utf8')) as LedgerEventPayload }
      : undefined;
    return { txId, result, event };
  }

  private apply(stub: MemoryStub, txId: string, timestampMs: number): void {
    for (const [key, write] of stub.writes) {
      const history = this.world.history.get(key) ?? [];
      history.push({ txId, timestampMs, isDelete: !write.value, value: write.value ?? Buffer.alloc(0) });
      this.world.history.set(key, history);
      if (write.value) this.world.state.set(key, write.value);
      else this.world.state.delete(key);
    }
    for (const [key, policy] of stub.validationParameterWrites) this.world.validationParameters.set(key, policy);
    for (const [collection, writes] of stub.privateWrites) {
      const target = this.world.collection(collection);
      for (const [key, write] of writes) {
        if (write.value) target.set(key, write.value);
        else target.delete(key);
      }
    }
  }
}
