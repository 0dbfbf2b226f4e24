import type { ChaincodeEvent, CloseableAsyncIterable, Network } from '@hyperledger/fabric-gateway';
import type { LedgerEventPayload } from '@mobility-ledger/chaincode';

const utf8 = new TextDecoder();

/** A chaincode event with its documented payload (`lib/events.ts`) decoded. */
export interface ReceivedEvent {
  readonly eventName: string;
  readonly transactionId: string;
  readonly blockNumber: bigint;
  readonly payload: LedgerEventPayload;
}

/**
 * Listens to the chaincode's events from the next committed block on, the way an application
 * does with fabric-gateway, so a test can open it, submit, then wait for its transaction's event.
 */
export class ChaincodeEventListener {
  private constructor(
    private readonly events: CloseableAsyncIterable<ChaincodeEvent>,
    private readonly iterator: AsyncIterator<ChaincodeEvent>,
  ) {}

  static async open(network: Network, chaincodeName = 'mobility'): Promise<ChaincodeEventListener> {
    const events = await network.getChaincodeEvents(chaincodeName);
    return new ChaincodeEventListener(events, events[Symbol.asyncIterator]());
  }

  /** The first event, in commit order, whose transaction ID is `txId`; fails after `timeoutMs`. */
  async eventOf(txId: string, timeoutMs = 30_000): Promise<ReceivedEvent> {
    const deadline = setTimeout(() => this.events.close(), timeoutMs);
    try {
      for (;;) {
        const next = await this.iterator.next();
        if (next.done) throw new Error(`no chaincode event for ${txId} within ${timeoutMs} ms`);
        if (next.value.transactionId !== txId) continue;
        return {
          eventName: next.value.eventName,
          transactionId: next.value.transactionId,
          blockNumber: next.value.blockNumber,
          payload: JSON.parse(utf8.decode(next.value.payload)) as LedgerEventPayload,
        };
      }
    } finally {
      clearTimeout(deadline);
    }
  }

  close(): void {
    this.events.close();
  }
}
