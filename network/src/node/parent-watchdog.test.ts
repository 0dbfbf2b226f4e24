import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { LAUNCHER_PID_ENV, watchLauncher } from './parent-watchdog';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}

describe('parent watchdog of the chaincode server', function () {
  this.timeout(20_000);

  it('ends a launched process once its launcher is SIGKILLed', async () => {
    const extension = path.extname(__filename);
    const watchdog = path.join(__dirname, `parent-watchdog${extension}`);
    const nodeOptions = `${extension === '.ts' ? '--require tsx/cjs ' : ''}--require ${JSON.stringify(watchdog)}`;
    // The launcher stands in for the network; its child, for the chaincode server (a long-lived process).
    const childScript = `process.stdout.write('ready ' + process.pid + '\\n'); setInterval(() => {}, 1000);`;
    const launcherScript = `
      const { spawn } = require('node:child_process');
      spawn(process.execPath, ['-e', ${JSON.stringify(childScript)}], {
        env: { ...process.env, NODE_OPTIONS: ${JSON.stringify(nodeOptions)}, ${LAUNCHER_PID_ENV}: String(process.pid) },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      setInterval(() => {}, 1000);`;
    const launcher = spawn(process.execPath, ['-e', launcherScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    let orphan = 0;
    try {
      orphan = await new Promise<number>((resolve, reject) => {
        createInterface({ input: launcher.stdout }).on('line', (line) => {
          const match = /^ready (\d+)$/.exec(line);
          if (match) resolve(Number(match[1]));
        });
        launcher.once('exit', () => reject(new Error('launcher exited early')));
      });
      expect(isAlive(orphan)).to.equal(true);
      launcher.kill('SIGKILL');
      expect(await waitForExit(orphan, 5_000), 'launched process outlived its launcher').to.equal(true);
    } finally {
      launcher.kill('SIGKILL');
      if (orphan > 0 && isAlive(orphan)) process.kill(orphan, 'SIGKILL');
    }
  });

  it('does not watch when this process was not launched by the named PID', () => {
    expect(watchLauncher({ [LAUNCHER_PID_ENV]: String(process.pid) })).to.equal(false);
    expect(watchLauncher({})).to.equal(false);
  });
});
