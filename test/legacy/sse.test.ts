// The text/event-stream parser, fed the way a network delivers bytes: in arbitrary chunks.
import { describe, expect, it } from 'vitest';
import { EventStreamParser, type ServerSentEvent } from '../../src/calls/sse.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Parses `text` delivered in chunks cut at `cuts` (byte offsets). */
function parse(
  text: string,
  cuts: number[] = [],
): { events: ServerSentEvent[]; parser: EventStreamParser } {
  const parser = new EventStreamParser();
  const all = bytes(text);
  const events: ServerSentEvent[] = [];
  let from = 0;
  for (const cut of [...cuts, all.length]) {
    events.push(...parser.push(all.subarray(from, cut)));
    from = cut;
  }
  events.push(...parser.end());
  return { events, parser };
}

describe('EventStreamParser', () => {
  it('joins multi-line data with \\n and drops one leading space only', () => {
    const { events } = parse('data: first\ndata:second\ndata:  third\n\n');
    expect(events).toEqual([{ event: 'message', data: 'first\nsecond\n third', id: '' }]);
  });

  it('ignores comments (keep-alives) and unknown fields', () => {
    const { events } = parse(': keep-alive\n\n:\ndata: {"a":1}\nfoo: bar\n\n: ping\n\n');
    expect(events.map((e) => e.data)).toEqual(['{"a":1}']);
  });

  it('accepts CRLF, CR and LF line ends, mixed', () => {
    const { events } = parse('data: a\r\n\r\ndata: b\r\rdata: c\n\ndata: d\r\ndata: e\n\r\n');
    expect(events.map((e) => e.data)).toEqual(['a', 'b', 'c', 'd\ne']);
  });

  it('gives the same events wherever the bytes are cut, a CRLF or a UTF-8 character included', () => {
    const text =
      'event: update\r\ndata: {"message":"Étape ✓ 1"}\r\nid: 7\r\n\r\n: keep-alive\r\ndata: [DONE]\r\n\r\n';
    const whole = parse(text).events;
    expect(whole).toEqual([
      { event: 'update', data: '{"message":"Étape ✓ 1"}', id: '7' },
      { event: 'message', data: '[DONE]', id: '7' },
    ]);
    const length = bytes(text).length;
    for (let cut = 1; cut < length; cut++)
      expect(parse(text, [cut]).events, `cut at ${cut}`).toEqual(whole);
    // One byte at a time.
    expect(
      parse(
        text,
        Array.from({ length: length - 1 }, (_, i) => i + 1),
      ).events,
    ).toEqual(whole);
  });

  it('a CR at the end of one chunk and a LF at the start of the next make one line end', () => {
    const { events } = parse('data: x\r\n\r\n', [8, 9]);
    expect(events).toEqual([{ event: 'message', data: 'x', id: '' }]);
  });

  it('does not dispatch an event without data, nor one the stream ends in the middle of', () => {
    expect(parse('event: ping\n\ndata: partial').events).toEqual([]);
    expect(parse('data: whole\n\ndata: partial\n').events.map((e) => e.data)).toEqual(['whole']);
  });

  it('a field without a colon counts with an empty value', () => {
    expect(parse('data\n\n').events).toEqual([{ event: 'message', data: '', id: '' }]);
  });

  it('keeps the last id and a numeric retry, ignores a bad retry and an id with NUL', () => {
    const { events, parser } = parse(
      'id: 1\nretry: 250\ndata: a\n\nid: x\0y\nretry: soon\ndata: b\n\n',
    );
    expect(events.map((e) => e.id)).toEqual(['1', '1']);
    expect(parser.lastEventId).toBe('1');
    expect(parser.retry).toBe(250);
  });

  it('takes an id as the last event id only once its event is complete (a cut-off event is asked for again)', () => {
    const { events, parser } = parse('id: 1\ndata: a\n\nid: 2\ndata: {"cut');
    expect(events.map((e) => e.id)).toEqual(['1']);
    expect(parser.lastEventId).toBe('1');
    expect(parse('id: 7\n\n').parser.lastEventId).toBe('7');
  });

  it('strips a byte-order mark at the start', () => {
    expect(parse('\uFEFFdata: a\n\n').events.map((e) => e.data)).toEqual(['a']);
  });
});
