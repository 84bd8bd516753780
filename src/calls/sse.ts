// A parser for `text/event-stream` (the WHATWG "server-sent events" format), fed bytes as they
// arrive. Web-standard APIs only. It follows the spec's rules that naive `split('\n\n')` parsers
// get wrong: CR, LF and CRLF all end a line (and a CRLF may be split across two chunks), a line
// starting with `:` is a comment, several `data:` lines join with `\n`, one space after the colon
// is dropped, and an event that the stream ends in the middle of is discarded.

/** One dispatched event. */
export interface ServerSentEvent {
  /** The `event:` field, `'message'` when the server sent none. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The last `id:` seen so far (it carries over to later events, as the spec says). */
  id: string;
}

const LINE_END = /[\r\n]/g;

export class EventStreamParser {
  readonly #decoder = new TextDecoder('utf-8');
  #buffer = '';
  /** The previous chunk ended in CR: a LF starting the next one belongs to the same line end. */
  #skipLineFeed = false;
  #data: string[] = [];
  #event = '';
  /**
   * The id of the last event dispatched (`Last-Event-ID` for a reconnection). An `id:` line counts
   * only once its event is complete: the spec's "last event ID buffer" becomes the source's last
   * event ID at dispatch, so an event cut off by a dropped connection is asked for again.
   */
  lastEventId = '';
  /** An `id:` seen since the last blank line (the spec's buffer), not yet dispatched. */
  #pendingId: string | undefined;
  /** The reconnection time the server asked for with `retry:`, in ms. */
  retry: number | undefined;

  /** Feeds a chunk; returns the events it completed. */
  push(chunk: Uint8Array): ServerSentEvent[] {
    return this.#lines(this.#decoder.decode(chunk, { stream: true }));
  }

  /** The stream ended: a partial event is dropped (the spec's rule), so this returns none. */
  end(): ServerSentEvent[] {
    this.#lines(this.#decoder.decode());
    this.#buffer = '';
    this.#data = [];
    this.#event = '';
    this.#pendingId = undefined;
    return [];
  }

  #lines(text: string): ServerSentEvent[] {
    const out: ServerSentEvent[] = [];
    let buffer = this.#buffer + text;
    if (this.#skipLineFeed && buffer.startsWith('\n')) buffer = buffer.slice(1);
    this.#skipLineFeed = false;
    let start = 0;
    // A native scan for the next line end: much faster than a character loop on large chunks.
    LINE_END.lastIndex = 0;
    for (let match = LINE_END.exec(buffer); match !== null; match = LINE_END.exec(buffer)) {
      let i = match.index;
      const event = this.#line(buffer.slice(start, i));
      if (event) out.push(event);
      if (buffer.charCodeAt(i) === 13) {
        if (i + 1 === buffer.length) this.#skipLineFeed = true;
        else if (buffer.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
      LINE_END.lastIndex = start;
    }
    this.#buffer = buffer.slice(start);
    return out;
  }

  #line(line: string): ServerSentEvent | undefined {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.#data.push(value);
        break;
      case 'event':
        this.#event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.#pendingId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        // Unknown fields are ignored, as the spec says.
        break;
    }
    return undefined;
  }

  #dispatch(): ServerSentEvent | undefined {
    if (this.#pendingId !== undefined) this.lastEventId = this.#pendingId;
    this.#pendingId = undefined;
    const data = this.#data;
    const event = this.#event;
    this.#data = [];
    this.#event = '';
    if (data.length === 0) return undefined;
    return { event: event || 'message', data: data.join('\n'), id: this.lastEventId };
  }
}
