import { expect } from 'chai';
import fc from 'fast-check';
import { SseParser, type SseMessage } from './sse-parser';

function parseAll(chunks: readonly string[]): SseMessage[] {
  const parser = new SseParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
}

describe('SseParser', () => {
  it('parses event, data and id fields, defaulting the type to message', () => {
    const messages = parseAll(['id: 7\nevent: pairing.PrePaired\ndata: {"a":1}\n\ndata: plain\n\n']);
    expect(messages).to.deep.equal([
      { event: 'pairing.PrePaired', data: '{"a":1}', id: '7' },
      { event: 'message', data: 'plain', id: '7' },
    ]);
  });

  it('joins multi-line data with LF and removes only one leading space', () => {
    expect(parseAll(['data:  two spaces\ndata:none\ndata\n\n'])).to.deep.equal([{ event: 'message', data: ' two spaces\nnone\n', id: '' }]);
  });

  it('accepts CRLF, CR and LF line breaks, also when a CRLF is split across chunks', () => {
    expect(parseAll(['data: a\r\n\r\ndata: b\r\rdata: c\n\n'])).to.deep.equal([
      { event: 'message', data: 'a', id: '' },
      { event: 'message', data: 'b', id: '' },
      { event: 'message', data: 'c', id: '' },
    ]);
    expect(parseAll(['data: x\r', '\n\r', '\ndata: y\n\n'])).to.deep.equal([
      { event: 'message', data: 'x', id: '' },
      { event: 'message', data: 'y', id: '' },
    ]);
  });

  it('ignores comments, unknown fields and a leading BOM; reads retry only when it is all digits', () => {
    const parser = new SseParser();
    expect(parser.push('\uFEFF: keep-alive\nfoo: bar\nretry: 15x\n\n')).to.deep.equal([]);
    expect(parser.retryMs).to.equal(undefined);
    expect(parser.push('retry: 2500\ndata: ok\n\n')).to.deep.equal([{ event: 'message', data: 'ok', id: '' }]);
    expect(parser.retryMs).to.equal(2500);
  });

  it('moves the resume point on an id-only block, ignores ids with NUL, and lets an empty id reset it', () => {
    const parser = new SseParser();
    expect(parser.push('id: 41\n\n')).to.deep.equal([]);
    expect(parser.lastEventId).to.equal('41');
    parser.push('id: bad\u0000id\ndata: x\n\n');
    expect(parser.lastEventId).to.equal('41');
    parser.push('id\ndata: y\n\n');
    expect(parser.lastEventId).to.equal('');
  });

  it('discards an unterminated block at the end of the stream, and its id does not become the resume point', () => {
    const parser = new SseParser();
    expect(parser.push('id: 1\ndata: done\n\nid: 2\ndata: half')).to.have.length(1);
    parser.end();
    expect(parser.lastEventId).to.equal('1');
    expect(parser.push('\n\n')).to.deep.equal([]);
  });

  it('decodes UTF-8 split inside a multi-byte sequence', () => {
    const bytes = new TextEncoder().encode('data: Grüße 🚗\n\n');
    const parser = new SseParser();
    const messages = [...parser.pushBytes(bytes.slice(0, 9)), ...parser.pushBytes(bytes.slice(9, 15)), ...parser.pushBytes(bytes.slice(15))];
    expect(messages).to.deep.equal([{ event: 'message', data: 'Grüße 🚗', id: '' }]);
  });

  it('yields the same messages however the stream is split into chunks (property)', () => {
    const line = fc.stringMatching(/^[a-z0-9 {}":,]{0,12}$/);
    const block = fc.record({ id: fc.option(fc.stringMatching(/^[0-9]{1,4}$/), { nil: undefined }), event: fc.option(fc.constantFrom('a', 'b.c'), { nil: undefined }), data: fc.array(line, { minLength: 1, maxLength: 3 }) });
    const newline = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 5 }), newline, fc.array(fc.nat(), { maxLength: 8 }), (blocks, eol, cuts) => {
        const text = blocks
          .map((b) => [b.id !== undefined ? `id: ${b.id}` : undefined, b.event ? `event: ${b.event}` : undefined, ...b.data.map((d) => `data: ${d}`)].filter((l) => l !== undefined).join(eol) + eol + eol)
          .join('');
        const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let previous = 0;
        for (const point of points) {
          chunks.push(text.slice(previous, point));
          previous = point;
        }
        chunks.push(text.slice(previous));
        let lastId = '';
        const expected = blocks.map((b) => {
          if (b.id !== undefined) lastId = b.id;
          return { event: b.event ?? 'message', data: b.data.join('\n'), id: lastId };
        });
        expect(parseAll(chunks)).to.deep.equal(expected);
      }),
      { numRuns: 200 },
    );
  });
});
