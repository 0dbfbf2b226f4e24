import { Contract } from 'fabric-contract-api';
import { LedgerContext } from './context';
import { notFound } from './errors';

/** Base of every contract: our context, and one chaincode event per transaction. */
export abstract class LedgerContract extends Contract {
  override createContext(): LedgerContext {
    return new LedgerContext();
  }

  override async afterTransaction(ctx: LedgerContext, _result: unknown): Promise<void> {
    ctx.events.flush(ctx.stub);
  }

  override async unknownTransaction(ctx: LedgerContext): Promise<void> {
    const { fcn } = ctx.stub.getFunctionAndParameters();
    throw notFound('function', `no transaction named ${fcn}`);
  }
}
