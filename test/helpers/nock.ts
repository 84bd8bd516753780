// Shared nock setup for unit tests: no real network, and every interceptor a test declares must
// have been used by the time it ends.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const BASE = 'https://api.openai.test';
export const BASE_URL = `${BASE}/v1`;

export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending, 'every nock scope is used').toEqual([]);
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}

export { nock };
