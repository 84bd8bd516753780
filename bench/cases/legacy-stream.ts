// The legacy event stream: reading N events from a local server through LegacyFineTunes, against
// raw fetch with the smallest correct-enough parser (split on blank lines, JSON.parse each data
// line), and the generator's own SSE client, all in the same interleaved rounds.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSseClient } from '../../generated/core/serverSentEvents.gen.ts';
import { LegacyFineTunes } from '../../dist/legacy.js';
import { interleave, type CaseResult } from '../lib.ts';

const EVENTS = 20_000;
const ROUNDS = 15;

export default async function legacyStream(): Promise<CaseResult[]> {
  const lines: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const event = {
      object: 'fine-tune-event',
      created_at: 1700000000 + i,
      level: 'info',
      message: `Step ${i}/${EVENTS}: training loss=0.${i % 1000}`,
    };
    lines.push(`data: ${JSON.stringify(event)}\n\n`);
    if (i % 500 === 0) lines.push(': keep-alive\n\n');
  }
  lines.push('data: [DONE]\n\n');
  const body = Buffer.from(lines.join(''));
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    // 16 KiB writes: events cut at arbitrary places, as a network delivers them.
    for (let i = 0; i < body.length; i += 16_384) res.write(body.subarray(i, i + 16_384));
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  const url = `${baseUrl}/fine-tunes/ft-1/events?stream=true`;
  const legacy = new LegacyFineTunes({ apiKey: 'sk-bench', baseUrl, deprecationWarning: false });

  const check = (count: number) => {
    if (count !== EVENTS) throw new Error(`expected ${EVENTS} events, got ${count}`);
  };
  try {
    const medians = await interleave(ROUNDS, {
      fetch: async () => {
        const res = await fetch(url, { headers: { authorization: 'Bearer sk-bench' } });
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        let count = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          const blocks = buffer.split('\n\n');
          buffer = blocks.pop()!;
          for (const block of blocks) {
            if (!block.startsWith('data: ')) continue;
            const data = block.slice(6);
            if (data === '[DONE]') continue;
            JSON.parse(data);
            count++;
          }
        }
        check(count);
      },
      sdk: async () => {
        let count = 0;
        for await (const _ of legacy.listEvents('ft-1', { stream: true })) count++;
        check(count);
      },
      'hey-api sse': async () => {
        const { stream } = createSseClient({
          url,
          headers: { authorization: 'Bearer sk-bench' },
          sseMaxRetryAttempts: 1,
        });
        let count = 0;
        for await (const data of stream) if (data !== '[DONE]') count++;
        check(count);
      },
    });
    return [
      {
        name: `legacy listEvents stream, ${EVENTS.toLocaleString('en')} events (${(body.length / 1e6).toFixed(1)} MB)`,
        unit: 'ms',
        baseline: medians.fetch!,
        sdk: medians.sdk!,
        ratio: medians.sdk! / medians.fetch!,
        others: { 'hey-api sse': medians['hey-api sse']! },
        note: 'baseline: raw fetch + split on blank lines; local node:http server, 16 KiB writes',
      },
    ];
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
