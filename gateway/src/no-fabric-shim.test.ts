import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Modules of the gateway that must never load the chaincode runtime (fabric-shim, fabric-contract-api). */
const MODULES = ['server', 'auth', 'events', 'sdk', 'api', 'config', 'fabric/connection', 'fabric/ledger-client', 'fabric/error-mapping', 'routes/ledger-routes', 'operations/operations-routes', 'stack/network-child'];

const PROBE = `
for (const module of process.argv.slice(1)) require(module);
const loaded = Object.keys(require.cache).filter((file) => /[\\\\/]fabric-(shim|contract-api)[\\\\/]/.test(file));
process.stdout.write(JSON.stringify(loaded));
`;

describe('the gateway’s own modules', function () {
  this.timeout(30_000);

  it('load neither fabric-shim nor fabric-contract-api (the chaincode index would: it exports the contracts)', () => {
    const fromSource = __filename.endsWith('.ts');
    const output = execFileSync(process.execPath, [...(fromSource ? ['--require', 'tsx/cjs'] : []), '-e', PROBE, ...MODULES.map((module) => path.join(__dirname, module))], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', CORE_CHAINCODE_LOGGING_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(JSON.parse(output)).to.deep.equal([]);
  });
});
