/**
 * Per-transaction iterator bookkeeping and Fabric's QueryResponseGenerator (core/chaincode/
 * query_response_generator.go + transaction_context.go): results go to the shim in batches of at most
 * `maxResultLimit` (100, fixed in chaincode_support.go), at most `totalQueryLimit` in all (core.yaml
 * ledger.state.totalQueryLimit, 100000);
 * a paginated query returns one page with QueryResponseMetadata {fetched count, bookmark}.
 */
import { peer } from '@hyperledger/fabric-protos';
import type { QueryResult, ResultsIterator } from './query-iterators';

export interface QueryLimits {
  /** core.yaml ledger.state.totalQueryLimit. */
  readonly totalQueryLimit: number;
  /** Batch size between handler and shim (QueryResponseGenerator.MaxResultLimit). */
  readonly maxResultLimit: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { totalQueryLimit: 100_000, maxResultLimit: 100 };

interface OpenQuery {
  readonly iterator: ResultsIterator;
  pending: QueryResult[];
  totalReturned: number;
}

export class QueryContexts {
  private readonly queries = new Map<string, OpenQuery>();

  open(id: string, iterator: ResultsIterator): void {
    this.queries.set(id, { iterator, pending: [], totalReturned: 0 });
  }

  has(id: string): boolean {
    return this.queries.has(id);
  }

  async cleanup(id: string): Promise<void> {
    const query = this.queries.get(id);
    this.queries.delete(id);
    await query?.iterator.close();
  }

  async cleanupWithBookmark(id: string): Promise<string> {
    const query = this.queries.get(id);
    this.queries.delete(id);
    return (await query?.iterator.bookmarkAndClose?.()) ?? '';
  }

  async closeAll(): Promise<void> {
    const queries = [...this.queries.values()];
    this.queries.clear();
    await Promise.all(queries.map((query) => query.iterator.close()));
  }

  /** BuildQueryResponse: fills a batch from the iterator, cleaning up when the query is finished. */
  async buildResponse(id: string, paginated: boolean, totalReturnLimit: number, limits: QueryLimits): Promise<peer.QueryResponse> {
    const query = this.queries.get(id);
    if (!query) throw new Error(`query ${id} is not open`);
    for (;;) {
      if (query.totalReturned >= totalReturnLimit) return this.finalResponse(id, query, paginated);
      let result: QueryResult | undefined;
      try {
        result = await query.iterator.next();
      } catch (error) {
        await this.cleanup(id);
        throw error;
      }
      if (result === undefined) return this.finalResponse(id, query, paginated);
      if (!paginated && query.pending.length === limits.maxResultLimit) {
        // Cut the full batch; the result just fetched opens the next one.
        const batch = query.pending;
        query.pending = [result];
        query.totalReturned += 1;
        return queryResponse(id, batch, true);
      }
      query.pending.push(result);
      query.totalReturned += 1;
    }
  }

  private async finalResponse(id: string, query: OpenQuery, paginated: boolean): Promise<peer.QueryResponse> {
    const batch = query.pending;
    query.pending = [];
    if (paginated) {
      const bookmark = await this.cleanupWithBookmark(id);
      const metadata = new peer.QueryResponseMetadata();
      metadata.setFetchedRecordsCount(query.totalReturned);
      metadata.setBookmark(bookmark);
      const response = queryResponse(id, batch, false);
      response.setMetadata(metadata.serializeBinary());
      return response;
    }
    await this.cleanup(id);
    return queryResponse(id, batch, false);
  }
}

function queryResponse(id: string, results: readonly QueryResult[], hasMore: boolean): peer.QueryResponse {
  const response = new peer.QueryResponse();
  response.setResultsList(
    results.map((result) => {
      const bytes = new peer.QueryResultBytes();
      bytes.setResultbytes(result.serializeBinary());
      return bytes;
    }),
  );
  response.setHasMore(hasMore);
  response.setId(id);
  return response;
}

/** calculateTotalReturnLimit: a page size below the total limit caps the query. */
export function totalReturnLimit(limits: QueryLimits, pageSize: number | undefined): number {
  return pageSize !== undefined && pageSize > 0 && pageSize < limits.totalQueryLimit ? pageSize : limits.totalQueryLimit;
}
