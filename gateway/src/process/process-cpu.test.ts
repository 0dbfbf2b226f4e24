import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { descendantsOf, parseProcStat, processCpuMs, readProcessTable, type ProcessStat } from './process-cpu';

describe('process CPU from /proc', () => {
  it('parses ppid, utime and stime after a command name with spaces and parentheses', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const stat = '4242 (node (x) y) S 17 4242 4242 0 -1 4194560 900 0 0 0 250 30 0 0 20 0 11 0';
    expect(parseProcStat(stat)).to.deep.equal({ ppid: 17, cpuMs: 2800 });
  });

  it('finds children and grandchildren, not the roots or unrelated processes', () => {
    const table = new Map<number, ProcessStat>([
      [1, { ppid: 0, cpuMs: 0 }],
      [10, { ppid: 1, cpuMs: 0 }],
      [11, { ppid: 10, cpuMs: 0 }],
      [12, { ppid: 11, cpuMs: 0 }],
      [20, { ppid: 1, cpuMs: 0 }],
      [13, { ppid: 10, cpuMs: 0 }],
    ]);
    expect(descendantsOf(table, [10])).to.deep.equal([11, 12, 13]);
    expect(descendantsOf(table, [12, 20])).to.deep.equal([]);
  });

  describe('on this machine', () => {
    let child: ChildProcess;
    before(async () => {
      // A child that starts a grandchild, like the embedded network starting the chaincode.
      child = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
      await once(child, 'spawn');
      for (let tries = 0; tries < 50 && descendantsOf(readProcessTable(), [child.pid ?? 0]).length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    });
    after(() => {
      for (const pid of descendantsOf(readProcessTable(), [child.pid ?? 0])) process.kill(pid, 'SIGTERM');
      child.kill('SIGTERM');
    });

    it('reads the process tree of a running child and its own CPU time', () => {
      const table = readProcessTable();
      expect(table.get(child.pid ?? 0)?.ppid).to.equal(process.pid);
      expect(descendantsOf(table, [process.pid])).to.include.members([child.pid ?? 0]);
      expect(descendantsOf(table, [child.pid ?? 0])).to.have.lengthOf(1);
      expect(table.get(process.pid)?.cpuMs).to.be.greaterThan(0);
    });
  });

  it("reads a live process's CPU time, and nothing for no pid or a process that is gone", function () {
    if (process.platform !== 'linux') this.skip();
    // Some CPU time of its own first: a busy loop of 30 ms.
    const start = Date.now();
    let spins = 0;
    while (Date.now() - start < 30) spins += 1;
    expect(spins).to.be.greaterThan(0);
    expect(processCpuMs(process.pid)).to.be.a('number').and.greaterThan(0);
    expect(processCpuMs(undefined)).to.equal(undefined);
    expect(processCpuMs(2 ** 22 + 17)).to.equal(undefined);
  });
});
