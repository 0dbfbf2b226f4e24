import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ReadyChild } from './ready-child';

const readyUrl = (line: unknown): string | undefined => {
  const report = line as { event?: unknown; url?: unknown } | null;
  return report?.event === 'ready' && typeof report.url === 'string' ? report.url : undefined;
};

describe('ReadyChild', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ready-child-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function script(name: string, body: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, body);
    return file;
  }

  it('skips other stdout lines, resolves with the ready report, and kills the child', async () => {
    const file = script('ready.js', `console.log('starting'); console.log(JSON.stringify({ level: 30 })); console.error('a log line'); console.log(JSON.stringify({ event: 'ready', url: 'http://x' })); setInterval(() => {}, 1000);`);
    const child = await ReadyChild.start({ name: 'the test child', args: [file], readyReport: readyUrl, readyTimeoutMs: 10_000, logChunks: 10 });
    expect(child.ready).to.equal('http://x');
    expect(child.running).to.equal(true);
    await child.kill();
    expect(child.running).to.equal(false);
    expect(child.child.signalCode).to.equal('SIGKILL');
  });

  it('fails after the timeout with the child’s last log lines', async () => {
    const file = script('silent.js', `console.error('still loading'); setInterval(() => {}, 1000);`);
    const failure = await ReadyChild.start({ name: 'the silent child', args: [file], readyReport: readyUrl, readyTimeoutMs: 500, logChunks: 10 }).catch((error: Error) => error);
    expect((failure as Error).message).to.match(/^the silent child was not ready within 500 ms:\nstill loading/);
  });

  it('asks with SIGTERM on stop, and insists with SIGKILL after the grace period', async () => {
    const file = script('stubborn.js', `process.on('SIGTERM', () => console.error('ignoring SIGTERM')); console.log(JSON.stringify({ event: 'ready', url: 'u' })); setInterval(() => {}, 1000);`);
    const child = await ReadyChild.start({ name: 'the stubborn child', args: [file], readyReport: readyUrl, readyTimeoutMs: 10_000, logChunks: 10 });
    await child.stop(300);
    expect(child.child.signalCode).to.equal('SIGKILL');
    expect(child.log).to.contain('ignoring SIGTERM');
  });
});
