import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** One `@Transaction` of a chaincode contract class, as fabric-contract-api records it. */
export interface ContractTransaction {
  readonly contract: string;
  readonly transaction: string;
  /** `@Transaction()` (submit) or `@Transaction(false)` (evaluate). */
  readonly submit: boolean;
  readonly parameters: readonly string[];
}

// Runs in a child process: loading the contracts loads fabric-contract-api, which the gateway never does.
const LIST_TRANSACTIONS = `
const { contracts } = require(process.argv[1]);
const out = [];
for (const Contract of contracts) {
  const name = new Contract().getName();
  for (const tx of Reflect.getMetadata('fabric:transactions', Contract.prototype) || []) {
    out.push({ contract: name, transaction: tx.name, submit: (tx.tag || []).includes('SUBMIT'), parameters: (tx.parameters || []).map((p) => p.name) });
  }
}
process.stdout.write(JSON.stringify(out));
`;

/**
 * Every transaction of the chaincode's contract classes, read from the metadata fabric-contract-api
 * keeps for its decorators (what the peer's chaincode would advertise), from the compiled chaincode.
 */
export function chaincodeTransactions(contractsModule = path.join(path.dirname(require.resolve('@mobility-ledger/chaincode/package.json')), 'dist', 'contracts.js')): ContractTransaction[] {
  const output = execFileSync(process.execPath, ['-e', LIST_TRANSACTIONS, contractsModule], {
    env: { ...process.env, NODE_OPTIONS: '', CORE_CHAINCODE_LOGGING_LEVEL: 'error', CORE_CHAINCODE_LOGGING_SHIM: 'error' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output) as ContractTransaction[];
}
