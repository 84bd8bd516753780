// Starts the local server for a suite and closes it afterwards; `ft` is the SDK pointed at it.
import { afterAll, beforeAll } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { startLocalServer, type LocalServer, type LocalServerOptions } from '../../src/testing/index.ts';

export const TRAINING_JSONL = Array.from({ length: 10 }, (_, i) =>
  JSON.stringify({ messages: [{ role: 'user', content: `Question ${i}?` }, { role: 'assistant', content: `Answer ${i}.` }] }),
).join('\n');

export function useLocalServer(options: LocalServerOptions = { clock: 'manual' }) {
  const ctx = {} as { server: LocalServer; ft: FineTuning };
  beforeAll(async () => {
    ctx.server = await startLocalServer(options);
    ctx.ft = new FineTuning({ baseUrl: ctx.server.baseUrl, apiKey: ctx.server.apiKey, adminApiKey: ctx.server.adminApiKey });
  });
  afterAll(async () => {
    await ctx.server.close();
  });
  return ctx;
}
