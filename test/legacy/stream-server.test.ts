// listEvents(id, { stream: true }) against a real node:http server that cuts the stream into
// small chunks, sends keep-alive comments, and drops connections mid-event.
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, APIError, ConnectionError } from '../../src/index.ts';
import { LegacyFineTunes, type FineTuneEvent } from '../../src/legacy/index.ts';
import { openStream, pause, startSseServer, writeInPieces, type SseServer } from './sse-server.ts';

const event = (n: number, message = `step ${n}`): FineTuneEvent => ({
  object: 'fine-tune-event',
  created_at: 1700000000 + n,
  level: 'info',
  message,
});
const data = (e: FineTuneEvent) => `data: ${JSON.stringify(e)}\n\n`;

let server: SseServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const clientFor = (s: SseServer) =>
  new LegacyFineTunes({ apiKey: 'sk-sse', baseUrl: s.baseUrl, deprecationWarning: false });

async function collect(
  stream: AsyncIterable<FineTuneEvent>,
): Promise<{ messages: string[]; error: unknown }> {
  const messages: string[] = [];
  try {
    for await (const e of stream) messages.push(e.message);
  } catch (error) {
    return { messages, error };
  }
  return { messages, error: undefined };
}

describe('the legacy event stream over a real connection', () => {
  it('reassembles events cut into 3-byte chunks (CRLF and UTF-8 split), skips keep-alives, ends on [DONE] without waiting for the close', async () => {
    server = await startSseServer(async ({ req, res }) => {
      expect(req.url).toBe('/v1/fine-tunes/ft-1/events?stream=true');
      expect(req.headers.authorization).toBe('Bearer sk-sse');
      expect(req.headers.accept).toBe('text/event-stream');
      openStream(res);
      const body =
        ': connected\r\n\r\n' +
        `data: ${JSON.stringify(event(1, 'Job enqueued ✓ — file “train.jsonl”'))}\r\n\r\n` +
        ': keep-alive\r\n\r\n' +
        // One event's JSON over three data: lines (the parser joins them with \n, valid JSON whitespace).
        `data: {"object": "fine-tune-event",\r\ndata: "created_at": 1700000002, "level": "info",\r\ndata: "message": "Job started."}\r\n\r\n` +
        ': keep-alive\n\n' +
        data(event(3, 'Job succeeded.')) +
        'data: [DONE]\n\n';
      await writeInPieces(res, body, 3);
      // The connection stays open after [DONE]: the client must stop by itself and close it.
    });
    const { messages, error } = await collect(
      clientFor(server).listEvents('ft-1', { stream: true }),
    );
    expect(error).toBeUndefined();
    expect(messages).toEqual([
      'Job enqueued ✓ — file “train.jsonl”',
      'Job started.',
      'Job succeeded.',
    ]);
    await server.connections[0]!.closed;
    expect(server.connections).toHaveLength(1);
  });

  it('after a drop mid-event, reconnects and skips the events the server replays', async () => {
    const all = [1, 2, 3, 4].map((n) => event(n));
    server = await startSseServer(async ({ res }, index) => {
      openStream(res);
      if (index === 0) {
        await writeInPieces(res, data(all[0]!) + data(all[1]!) + data(all[2]!).slice(0, 25), 16);
        res.socket?.destroy(); // mid-event: the partial third event must not be yielded
        return;
      }
      await writeInPieces(res, `${all.map(data).join('')}data: [DONE]\n\n`, 64);
      res.end();
    });
    const { messages, error } = await collect(
      clientFor(server).listEvents('ft-1', { stream: true }, { reconnectDelayMs: 5 }),
    );
    expect(error).toBeUndefined();
    expect(messages).toEqual(['step 1', 'step 2', 'step 3', 'step 4']);
    expect(server.connections).toHaveLength(2);
  });

  it('with event ids, reconnects with Last-Event-ID and takes what the server resumes with', async () => {
    server = await startSseServer(async ({ req, res }, index) => {
      openStream(res);
      if (index === 0) {
        await writeInPieces(res, `id: 1\n${data(event(1))}id: 2\n${data(event(2))}`, 10);
        res.socket?.destroy();
        return;
      }
      expect(req.headers['last-event-id']).toBe('2');
      await writeInPieces(res, `id: 3\n${data(event(3))}data: [DONE]\n\n`, 10);
      res.end();
    });
    const { messages, error } = await collect(
      clientFor(server).listEvents('ft-1', { stream: true }, { reconnectDelayMs: 5 }),
    );
    expect(error).toBeUndefined();
    expect(messages).toEqual(['step 1', 'step 2', 'step 3']);
  });

  it('gives up with a ConnectionError after maxReconnects connections in a row bring nothing new', async () => {
    server = await startSseServer(async ({ res }) => {
      openStream(res);
      await writeInPieces(res, `${data(event(1))}: keep-alive\n\n`, 20);
      res.socket?.destroy();
    });
    const { messages, error } = await collect(
      clientFor(server).listEvents(
        'ft-1',
        { stream: true },
        { maxReconnects: 2, reconnectDelayMs: 5 },
      ),
    );
    expect(messages).toEqual(['step 1']);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(
      /GET \/v1\/fine-tunes\/ft-1\/events: the event stream ended before `data: \[DONE\]` .* and 2 reconnection\(s\) brought no new event/,
    );
    // The first connection and two reconnections, then no more, ever.
    await pause(50);
    expect(server.connections).toHaveLength(3);
  });

  it('maxReconnects: 0 never reconnects; a clean close before [DONE] counts as a drop', async () => {
    server = await startSseServer(async ({ res }) => {
      openStream(res);
      await writeInPieces(res, data(event(1)), 50);
      res.end();
    });
    const { messages, error } = await collect(
      clientFor(server).listEvents('ft-1', { stream: true }, { maxReconnects: 0 }),
    );
    expect(messages).toEqual(['step 1']);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/the server closed the stream/);
    expect(server.connections).toHaveLength(1);
  });

  it('honours the server`s retry: delay over the configured one', async () => {
    server = await startSseServer(async ({ res }, index) => {
      openStream(res);
      if (index === 0) {
        await writeInPieces(res, `retry: 5\n${data(event(1))}`, 64);
        res.socket?.destroy();
        return;
      }
      res.end(`${data(event(1))}${data(event(2))}data: [DONE]\n\n`);
    });
    // With a one-hour configured delay this finishes only if retry: 5 is used.
    const { messages, error } = await collect(
      clientFor(server).listEvents('ft-1', { stream: true }, { reconnectDelayMs: 3_600_000 }),
    );
    expect(error).toBeUndefined();
    expect(messages).toEqual(['step 1', 'step 2']);
  });

  it('a reconnection that cannot even get a response counts as an attempt, within the same bound', async () => {
    server = await startSseServer(async ({ req, res }, index) => {
      if (index === 1) {
        req.socket.destroy(); // no status line at all: fetch itself fails
        return;
      }
      openStream(res);
      if (index === 0) {
        await writeInPieces(res, data(event(1)), 64);
        res.socket?.destroy();
        return;
      }
      res.end(`${data(event(1))}${data(event(2))}data: [DONE]\n\n`);
    });
    const { messages, error } = await collect(
      clientFor(server).listEvents(
        'ft-1',
        { stream: true },
        { reconnectDelayMs: 5, maxReconnects: 2 },
      ),
    );
    expect(error).toBeUndefined();
    expect(messages).toEqual(['step 1', 'step 2']);
    expect(server.connections).toHaveLength(3);
  });

  it('a server that refuses every reconnection is given up on after maxReconnects', async () => {
    server = await startSseServer(async ({ req, res }, index) => {
      if (index > 0) {
        req.socket.destroy();
        return;
      }
      openStream(res);
      await writeInPieces(res, data(event(1)), 64);
      res.socket?.destroy();
    });
    const { messages, error } = await collect(
      clientFor(server).listEvents(
        'ft-1',
        { stream: true },
        { reconnectDelayMs: 5, maxReconnects: 3 },
      ),
    );
    expect(messages).toEqual(['step 1']);
    expect(error).toBeInstanceOf(ConnectionError);
    await pause(50);
    expect(server.connections).toHaveLength(4);
  });

  it('a non-2xx on reconnection is the APIError, not another attempt', async () => {
    server = await startSseServer(async ({ res }, index) => {
      if (index === 0) {
        openStream(res);
        await writeInPieces(res, data(event(1)), 64);
        res.socket?.destroy();
        return;
      }
      res.writeHead(503, { 'content-type': 'application/json', 'x-request-id': 'req_503' });
      res.end(JSON.stringify({ error: { message: 'Service unavailable', type: 'server_error' } }));
    });
    const { messages, error } = await collect(
      clientFor(server).listEvents(
        'ft-1',
        { stream: true },
        { reconnectDelayMs: 5, maxReconnects: 5 },
      ),
    );
    expect(messages).toEqual(['step 1']);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 503, requestId: 'req_503' });
    expect(server.connections).toHaveLength(2);
  });

  it("stops on abort: the iteration rejects with the SDK's AbortError (the reason as cause) and the connection is closed", async () => {
    server = await startSseServer(async ({ res, closed }) => {
      openStream(res);
      res.write(data(event(1)));
      // Keep-alives until the client goes, bounded in count.
      for (let i = 0; i < 200 && !res.destroyed; i++) {
        res.write(': keep-alive\n\n');
        await Promise.race([pause(10), closed]);
      }
      res.end();
    });
    const controller = new AbortController();
    const messages: string[] = [];
    const error = await (async () => {
      for await (const e of clientFor(server!).listEvents(
        'ft-1',
        { stream: true },
        { signal: controller.signal },
      )) {
        messages.push(e.message);
        setTimeout(() => controller.abort(), 30);
      }
    })().catch((e: unknown) => e);
    expect(messages).toEqual(['step 1']);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ method: 'GET', path: '/v1/fine-tunes/ft-1/events' });
    expect((error as AbortError).cause).toBe(controller.signal.reason);
    await server.connections[0]!.closed;
    expect(server.connections).toHaveLength(1);
  });

  it('an abort while waiting to reconnect stops at once', async () => {
    server = await startSseServer(async ({ res }) => {
      openStream(res);
      res.write(data(event(1)));
      await pause(5);
      res.socket?.destroy();
    });
    const controller = new AbortController();
    const stream = clientFor(server).listEvents(
      'ft-1',
      { stream: true },
      {
        signal: controller.signal,
        reconnectDelayMs: 3_600_000,
      },
    );
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.message).toBe('step 1');
    const pending = iterator.next();
    await server.connections[0]!.closed;
    const reason = new Error('stopped by the caller');
    controller.abort(reason);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe(reason);
    expect(server.connections).toHaveLength(1);
  });

  it('leaving the loop early closes the connection', async () => {
    server = await startSseServer(async ({ res, closed }) => {
      openStream(res);
      for (let n = 1; n <= 100 && !res.destroyed; n++) {
        res.write(data(event(n)));
        await Promise.race([pause(10), closed]);
      }
      res.end();
    });
    const messages: string[] = [];
    for await (const e of clientFor(server).listEvents('ft-1', { stream: true })) {
      messages.push(e.message);
      if (messages.length === 2) break;
    }
    expect(messages).toEqual(['step 1', 'step 2']);
    await server.connections[0]!.closed;
  });
});
