// Starts the local server for a suite and closes it afterwards; `ft` is the SDK pointed at it.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { FineTuning, type Clock } from '../../src/index.ts';
import {
  startLocalServer,
  type LocalServer,
  type LocalServerOptions,
} from '../../src/testing/index.ts';

export const TRAINING_JSONL = Array.from({ length: 10 }, (_, i) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: `Question ${i}?` },
      { role: 'assistant', content: `Answer ${i}.` },
    ],
  }),
).join('\n');

export function useLocalServer(options: LocalServerOptions = { clock: 'manual' }) {
  const ctx = {} as { server: LocalServer; ft: FineTuning };
  beforeAll(async () => {
    ctx.server = await startLocalServer(options);
    ctx.ft = new FineTuning({
      baseUrl: ctx.server.baseUrl,
      apiKey: ctx.server.apiKey,
      adminApiKey: ctx.server.adminApiKey,
    });
  });
  afterAll(async () => {
    await ctx.server.close();
  });
  return ctx;
}

/**
 * A follow/watch clock whose pauses advance the server's manual clock by the same amount; `onSleep`
 * runs (awaited) after each pause. `sleeps` records every pause.
 */
export function linkedClock(
  s: LocalServer,
  onSleep?: (now: number) => Promise<void> | void,
): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => s.now(),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      s.advance(ms);
      await onSleep?.(s.now());
      signal?.throwIfAborted();
    },
    timeout: () => new AbortController().signal,
  };
}

/** Starts a server binary in a child process and resolves once it prints its base URL. */
export async function spawnServerBin(
  bin: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no base URL printed: ${out}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/OPENAI_BASE_URL=(\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, baseUrl };
}
