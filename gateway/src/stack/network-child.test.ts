import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NetworkChild, networkCliPath } from './network-child';

/** Stand-ins for the network CLI: they print what the real one prints, without starting a network. */
const READY_CLI = `
const args = process.argv.slice(2);
process.stderr.write('starting with ' + args.join(' ') + '\\n');
process.stdout.write('some ordinary output\\n');
process.stdout.write(JSON.stringify({ event: 'ready', dataDir: args[args.indexOf('--data-dir') + 1], channel: 'mobility', chaincode: 'mobility', startupMs: 1, peers: [] }) + '\\n');
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);
`;
const FAILING_CLI = `process.stderr.write('cannot bind 7051\\n'); process.exit(3);`;

describe('NetworkChild', function () {
  this.timeout(20_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'network-child-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs MOBILITY_NETWORK_CLI when set, else the network workspace’s build', () => {
    expect(networkCliPath({ MOBILITY_NETWORK_CLI: 'snapshot/main.js' })).to.equal(path.resolve('snapshot/main.js'));
    expect(networkCliPath({})).to.match(/network[\\/]dist[\\/]cli[\\/]main\.js$/);
    expect(existsSync(path.dirname(path.dirname(networkCliPath({}))))).to.equal(true);
  });

  it('waits for the ready line, passes data dir, port offset and batch timeout, and stops the child', async () => {
    const cli = path.join(dir, 'ready.js');
    writeFileSync(cli, READY_CLI);
    const child = await NetworkChild.start({ cli, dataDir: path.join(dir, 'data'), portOffset: 10_800, batchTimeoutMs: 20 });
    expect(child.ready).to.deep.include({ event: 'ready', dataDir: path.join(dir, 'data') });
    expect(child.log).to.contain('--port-offset 10800').and.contain('--batch-timeout 20');
    expect(child.running).to.equal(true);
    await child.stop();
    expect(child.running).to.equal(false);
  });

  it('fails with the child’s log when it exits before it is ready', async () => {
    const cli = path.join(dir, 'failing.js');
    writeFileSync(cli, FAILING_CLI);
    const failure = await NetworkChild.start({ cli, dataDir: dir, portOffset: 10_800 }).catch((error: Error) => error);
    expect(failure).to.be.instanceOf(Error);
    expect((failure as Error).message).to.contain('exited (3)').and.contain('cannot bind 7051');
  });
});
