// Building a client must not make Node load its fetch implementation (undici): that alone costs a
// process ~25 ms at startup, and a process that never sends a request should not pay it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `code` in a fresh Node process (with tsx for the sources) and returns what it prints. */
function inFreshNode(code: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, OPENAI_API_KEY: 'sk-startup' },
  }).trim();
}

const UNDICI_LOADED = "process.moduleLoadList.some((m) => m.includes('undici'))";

describe('startup', () => {
  it('importing the package and building a client does not load fetch', () => {
    const out = inFreshNode(`
      const { FineTuning } = await import('./src/index.ts');
      const ft = new FineTuning();
      console.log(JSON.stringify({ built: typeof ft.jobs.retrieve, loaded: ${UNDICI_LOADED} }));`);
    expect(JSON.parse(out)).toEqual({ built: 'function', loaded: false });
  });

  it('the same check sees fetch loaded once a Headers is built (so it can fail)', () => {
    expect(inFreshNode(`new Headers(); console.log(${UNDICI_LOADED})`)).toBe('true');
  });
});
