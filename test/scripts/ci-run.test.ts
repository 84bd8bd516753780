// `.ci/run` installs Chromium (apt-get) only on a CI runner (CI=true), and before `npm test`; on a
// developer's machine it installs nothing and says the Chromium row will be skipped. Run for real
// (bash) in a copy of the script, with `npm`, `apt-get` and `sudo` replaced by scripts that log.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumPlan } from '../../scripts/smoke/chromium.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function ciRun(env: Record<string, string>, chromium: 'present' | 'missing') {
  const dir = mkdtempSync(join(tmpdir(), 'ci-run-'));
  dirs.push(dir);
  mkdirSync(join(dir, '.ci'));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, '.ci', 'run'), readFileSync(join(ROOT, '.ci', 'run')));
  chmodSync(join(dir, '.ci', 'run'), 0o755);
  const log = join(dir, 'calls.log');
  const fake = (name: string, body = '') => {
    writeFileSync(
      join(dir, 'bin', name),
      `#!/usr/bin/env bash\necho "${name} $*" >> "${log}"\n${body}\n`,
    );
    chmodSync(join(dir, 'bin', name), 0o755);
  };
  fake(
    'npm',
    `if [ "$1" = test ]; then mkdir -p .tmp && echo '{"numPassedTests":3,"numFailedTests":0}' > .tmp/vitest-report.json; fi`,
  );
  fake('apt-get');
  fake('sudo', 'shift 0; exec "$@"');
  const browser = join(dir, 'chromium');
  if (chromium === 'present') {
    writeFileSync(browser, '#!/bin/sh\n');
    chmodSync(browser, 0o755);
  }
  const r = spawnSync('bash', [join(dir, '.ci', 'run')], {
    env: {
      PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
      HOME: process.env.HOME,
      OPENAI_FT_CHROMIUM: browser,
      ...env,
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
  let calls: string[] = [];
  try {
    calls = readFileSync(log, 'utf8').trim().split('\n');
  } catch {}
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls };
}

describe('.ci/run', () => {
  it('on CI without Chromium: apt-get installs it before npm test', () => {
    const r = ciRun({ CI: 'true' }, 'missing');
    expect(r.code, r.stderr).toBe(0);
    const aptCalls = r.calls.filter((c) => c.startsWith('apt-get'));
    expect(aptCalls).toEqual([
      'apt-get update',
      'apt-get install -y --no-install-recommends chromium',
    ]);
    const installed = r.calls.findIndex((c) => c.startsWith('apt-get install'));
    expect(installed).toBeLessThan(r.calls.indexOf('npm test'));
    expect(r.calls.filter((c) => c.startsWith('npm'))).toEqual([
      'npm ci',
      'npm test',
      'npm run test:runtimes',
    ]);
    expect(r.stdout).toContain('3 passed, 0 failed');
  });

  it('on CI with Chromium there: nothing is installed', () => {
    const r = ciRun({ CI: 'true' }, 'present');
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls.some((c) => c.startsWith('apt-get') || c.startsWith('sudo'))).toBe(false);
  });

  it.each([[{}], [{ CI: 'false' }]])(
    'on a developer machine (%j) without Chromium: nothing installed, the skip said',
    (env) => {
      const r = ciRun(env, 'missing');
      expect(r.code, r.stderr).toBe(0);
      expect(r.calls.some((c) => c.startsWith('apt-get') || c.startsWith('sudo'))).toBe(false);
      expect(r.stderr).toContain('nothing is installed');
      expect(r.stderr).toContain('will be SKIPPED');
      expect(r.calls).toEqual(['npm ci', 'npm test', 'npm run test:runtimes']);
    },
  );
});

describe('the runtime matrix and a missing Chromium', () => {
  const none = () => false;
  it('runs it where it is', () => {
    expect(chromiumPlan({ OPENAI_FT_CHROMIUM: '/opt/c' }, (p) => p === '/opt/c')).toEqual({
      kind: 'run',
      path: '/opt/c',
    });
  });
  it('fails the row on CI (the install step should have put it there)', () => {
    const plan = chromiumPlan({ CI: 'true' }, none);
    expect(plan.kind).toBe('fail');
  });
  it('skips the row elsewhere, saying what to install', () => {
    const plan = chromiumPlan({}, none);
    expect(plan).toMatchObject({ kind: 'skip', path: '/usr/bin/chromium' });
    expect(plan.kind === 'skip' && plan.detail).toContain('SKIPPED');
    expect(plan.kind === 'skip' && plan.detail).toContain('apt-get install -y chromium');
  });
});
