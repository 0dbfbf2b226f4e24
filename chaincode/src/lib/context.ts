import { Context } from 'fabric-contract-api';
import { EventCollector } from './events';

/** Transaction context shared by all Mobility Ledger contracts. */
export class LedgerContext extends Context {
  readonly events = new EventCollector();

  /** Transaction time in Unix milliseconds, from the signed proposal: the same on every endorser. */
  get nowMs(): number {
    return this.stub.getDateTimestamp().getTime();
  }

  get txId(): string {
    return this.stub.getTxID();
  }

  get callerMspId(): string {
    return this.clientIdentity.getMSPID();
  }
}
