import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countByRole, discoverFabricProcesses, roleOfCommandLine } from './fabric-processes';

describe('real-Fabric process discovery', () => {
  it('tells orderers, peers and chaincode servers by their command lines', () => {
    expect(roleOfCommandLine(['/tmp/fabric-bin/orderer'])).to.equal('orderer');
    expect(roleOfCommandLine(['peer', 'node', 'start'])).to.equal('peer');
    expect(roleOfCommandLine(['node', '/repo/node_modules/fabric-shim/cli.js', 'server', '--chaincode-address', '127.0.0.1:9999'])).to.equal('chaincode');
    expect(roleOfCommandLine(['/usr/bin/fabric-chaincode-node', 'server'])).to.equal('chaincode');
    expect(roleOfCommandLine(['node', 'scripts/dist/bench.js'])).to.equal(undefined);
    expect(roleOfCommandLine(['bash', '-c', 'orderer'])).to.equal(undefined);
    expect(roleOfCommandLine([])).to.equal(undefined);
  });

  describe('from the pid files of a run directory', () => {
    const idle = ['-e', 'setTimeout(() => {}, 30000)'];
    let runDir: string;
    const children: ChildProcess[] = [];

    async function start(argv0: string, args: string[]): Promise<number> {
      const child = spawn(process.execPath, args, { argv0, stdio: 'ignore' });
      children.push(child);
      await once(child, 'spawn');
      return child.pid ?? 0;
    }

    before(async () => {
      runDir = mkdtempSync(path.join(os.tmpdir(), 'fabric-pids-'));
      mkdirSync(path.join(runDir, 'pids'));
      const pids = path.join(runDir, 'pids');
      // The same programs by argv[0] (and the shim's path), as up.sh and start-chaincode.sh start them.
      writeFileSync(path.join(pids, 'orderer.example.com.pid'), `${await start('/tmp/fabric-bin/orderer', idle)}\n`);
      writeFileSync(path.join(pids, 'peer0.oem.example.com.pid'), `${await start('peer', idle)}\n`);
      writeFileSync(path.join(pids, 'chaincode-server.pid'), `${await start('node', [...idle, '/repo/node_modules/fabric-shim/cli.js', 'server'])}\n`);
      // A PID reused by another program, and a process that has ended.
      writeFileSync(path.join(pids, 'peer0.audit.example.com.pid'), `${process.pid}\n`);
      const ended = spawn(process.execPath, ['-e', ''], { argv0: 'peer', stdio: 'ignore' });
      await once(ended, 'exit');
      writeFileSync(path.join(pids, 'peer0.mobility.example.com.pid'), `${ended.pid}\n`);
      writeFileSync(path.join(pids, 'chaincode-server.package-id'), 'mobility_1.0:abc\n');
    });
    after(() => {
      for (const child of children) child.kill('SIGTERM');
      rmSync(runDir, { recursive: true, force: true });
    });

    it('keeps only live processes that still run a Fabric program, by name', () => {
      const found = discoverFabricProcesses(runDir);
      expect(found.map(({ name, role }) => ({ name, role }))).to.deep.equal([
        { name: 'chaincode-server', role: 'chaincode' },
        { name: 'orderer.example.com', role: 'orderer' },
        { name: 'peer0.oem.example.com', role: 'peer' },
      ]);
      expect(found.map((process) => process.pid)).to.have.members(children.map((child) => child.pid ?? 0));
      expect(countByRole(found)).to.deep.equal({ orderer: 1, peer: 1, chaincode: 1 });
    });

    it('finds nothing where there is no pids/ directory', () => {
      expect(discoverFabricProcesses(path.join(runDir, 'missing'))).to.deep.equal([]);
    });
  });
});
