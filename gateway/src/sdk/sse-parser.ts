/**
 * An incremental parser for `text/event-stream` (WHATWG HTML, "Server-sent events", §9.2.6), so the
 * SDK can read event streams with `fetch` in Node and browsers alike (custom headers such as
 * `Authorization` are impossible with the browser's EventSource).
 */

export interface SseMessage {
  /** The event type (`event:` field); `message` when the server named none. */
  readonly event: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
  /** The last event ID in force when the message was dispatched ('' when none was ever sent). */
  readonly id: string;
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';
  /** A chunk ended in CR: a LF opening the next chunk belongs to the same line break. */
  private skipLeadingLf = false;
  private firstLine = true;
  private dataBuffer: string[] = [];
  private eventType = '';
  private lastIdBuffer = '';
  private dispatchedId = '';
  private retry: number | undefined;

  /** The ID a reconnect must send as `Last-Event-ID`: updated by `id:` lines once their block ends. */
  get lastEventId(): string {
    return this.dispatchedId;
  }

  /** The reconnection delay the server asked for (`retry:`), if any. */
  get retryMs(): number | undefined {
    return this.retry;
  }

  /** Feeds raw bytes (split anywhere, even inside a UTF-8 sequence); returns the complete messages. */
  pushBytes(chunk: Uint8Array): SseMessage[] {
    return this.push(this.decoder.decode(chunk, { stream: true }));
  }

  /** Feeds decoded text (split anywhere); returns the messages completed by it. */
  push(text: string): SseMessage[] {
    let input = text;
    if (this.skipLeadingLf && input.startsWith('\n')) input = input.slice(1);
    if (input.length > 0) this.skipLeadingLf = false;
    this.pending += input;
    const messages: SseMessage[] = [];
    let start = 0;
    for (let index = 0; index < this.pending.length; index += 1) {
      const char = this.pending[index];
      if (char !== '\n' && char !== '\r') continue;
      const line = this.pending.slice(start, index);
      if (char === '\r') {
        if (index + 1 < this.pending.length) {
          if (this.pending[index + 1] === '\n') index += 1;
        } else {
          this.skipLeadingLf = true;
        }
      }
      start = index + 1;
      const message = this.processLine(line);
      if (message) messages.push(message);
    }
    this.pending = this.pending.slice(start);
    return messages;
  }

  /**
   * The stream ended: an unterminated last block is discarded (as the specification requires), so
   * a half-received message is never delivered and its ID never becomes the resume point.
   */
  end(): void {
    this.decoder.decode();
    this.pending = '';
    this.skipLeadingLf = false;
    this.dataBuffer = [];
    this.eventType = '';
    this.lastIdBuffer = this.dispatchedId;
  }

  private processLine(rawLine: string): SseMessage | undefined {
    let line = rawLine;
    if (this.firstLine) {
      this.firstLine = false;
      if (line.startsWith('\uFEFF')) line = line.slice(1);
    }
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.dataBuffer.push(value);
        break;
      case 'id':
        if (!value.includes('\u0000')) this.lastIdBuffer = value;
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break;
    }
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    this.dispatchedId = this.lastIdBuffer;
    if (this.dataBuffer.length === 0) {
      this.eventType = '';
      return undefined;
    }
    const message: SseMessage = { event: this.eventType || 'message', data: this.dataBuffer.join('\n'), id: this.dispatchedId };
    this.dataBuffer = [];
    this.eventType = '';
    return message;
  }
}
