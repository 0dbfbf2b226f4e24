import { expect } from 'chai';
import { terminalProgress } from './progress';

describe('scan progress display', () => {
  function stream(isTTY: boolean): { isTTY: boolean; written: string[]; write(text: string): boolean } {
    const written: string[] = [];
    return { isTTY, written, write: (text: string) => written.push(text) > 0 };
  }

  it('rewrites one line on a terminal, at most every 100 ms, and clears it when done', () => {
    const tty = stream(true);
    let time = 0;
    const progress = terminalProgress(tty, 'scanning', () => time);
    time = 150;
    progress.update(10, 0.25);
    time = 180;
    progress.update(11, 0.3); // within 100 ms of the last line: not written
    time = 300;
    progress.update(40);
    progress.done();
    expect(tty.written).to.deep.equal([
      '\r\u001b[2Kscanning: block 10 25.0% (7 blocks/s)',
      '\r\u001b[2Kscanning: block 40 (10 blocks/s)',
      '\r\u001b[2K',
    ]);
  });

  it('writes nothing when the output is not a terminal', () => {
    const pipe = stream(false);
    const progress = terminalProgress(pipe, 'scanning', () => 1000);
    progress.update(1, 0.5);
    progress.done();
    expect(pipe.written).to.deep.equal([]);
  });
});
