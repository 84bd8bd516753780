// Node's own fetch, unmocked: a request fetch refuses to send is an UnsendableRequestError after one
// attempt, while a refused connection to a real closed port stays a retried ConnectionError.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { ConnectionError, FineTuning, UnsendableRequestError } from '../../src/index.ts';

describe('fetch rejections are classified by cause', () => {
  it('a port fetch will not connect to (9): UnsendableRequestError, one attempt, no retry wait', async () => {
    const sent = vi.fn((url: string | URL | Request, init?: RequestInit) => fetch(url, init));
    const ft = new FineTuning({
      apiKey: 'k-valid-key',
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch: sent as typeof fetch,
      retry: { initialDelayMs: 5_000 },
    });
    const error = await ft.jobs.retrieve('ftjob-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsendableRequestError);
    expect((error as Error).message).toContain('fetch failed: bad port');
    expect(sent).toHaveBeenCalledTimes(1);
  });

  it('a closed port on 127.0.0.1: ConnectionError after 1 + maxRetries attempts', async () => {
    // A port that was just free: listen, note it, close.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const sent = vi.fn((url: string | URL | Request, init?: RequestInit) => fetch(url, init));
    const ft = new FineTuning({
      apiKey: 'k-valid-key',
      baseUrl: `http://127.0.0.1:${port}/v1`,
      fetch: sent as typeof fetch,
      retry: { initialDelayMs: 1 },
    });
    const error = await ft.jobs.retrieve('ftjob-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).attempts).toBe(3);
    expect(sent).toHaveBeenCalledTimes(3);
  });
});
