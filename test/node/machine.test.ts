// The container's memory limit, read from cgroup files: fixture files in a temp dir stand for
// /sys/fs/cgroup and /proc/self/cgroup (cgroup v2, v1, no limit, none at all).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containerMemoryLimit, defaultMaxMemory, machine } from '../../src/node/machine.ts';

const MB = 2 ** 20;
const base = mkdtempSync(join(tmpdir(), 'ft-cgroup-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

let n = 0;
/** A fake /sys/fs/cgroup with `files` (path under it → content) and a /proc/self/cgroup. */
function fixture(files: Record<string, string>, self?: string) {
  const dir = join(base, String(n++));
  const cgroupRoot = join(dir, 'cgroup');
  mkdirSync(cgroupRoot, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(cgroupRoot, path)), { recursive: true });
    writeFileSync(join(cgroupRoot, path), content);
  }
  const selfCgroup = join(dir, 'self-cgroup');
  if (self !== undefined) writeFileSync(selfCgroup, self);
  return { cgroupRoot, selfCgroup };
}

describe('containerMemoryLimit', () => {
  it('reads cgroup v2 memory.max at the root (a container with its own cgroup namespace)', () => {
    const paths = fixture({ 'memory.max': '536870912\n' }, '0::/\n');
    expect(containerMemoryLimit(paths)).toBe(512 * MB);
  });

  it("reads the process's own cgroup v2 from /proc/self/cgroup", () => {
    const paths = fixture(
      { 'memory.max': 'max\n', 'app.slice/job/memory.max': '268435456\n' },
      '0::/app.slice/job\n',
    );
    expect(containerMemoryLimit(paths)).toBe(256 * MB);
  });

  it('says there is no limit for "max"', () => {
    expect(containerMemoryLimit(fixture({ 'memory.max': 'max\n' }, '0::/\n'))).toBeUndefined();
  });

  it("reads cgroup v1 memory.limit_in_bytes, the process's own first", () => {
    const paths = fixture(
      {
        'memory/memory.limit_in_bytes': '9223372036854771712\n',
        'memory/jobs/one/memory.limit_in_bytes': '1073741824\n',
      },
      '12:pids:/\n4:memory:/jobs/one\n1:name=systemd:/\n',
    );
    expect(containerMemoryLimit(paths)).toBe(1024 * MB);
  });

  it("takes cgroup v1's page-rounded 2^63 as no limit", () => {
    const paths = fixture({ 'memory/memory.limit_in_bytes': '9223372036854771712\n' }, '');
    expect(containerMemoryLimit(paths)).toBeUndefined();
  });

  it('takes the tightest limit when several are set', () => {
    const paths = fixture(
      { 'memory.max': '1073741824', 'memory/memory.limit_in_bytes': '536870912' },
      '0::/\n',
    );
    expect(containerMemoryLimit(paths)).toBe(512 * MB);
  });

  it('says there is no limit without cgroup files, or with unreadable ones', () => {
    expect(containerMemoryLimit(fixture({}))).toBeUndefined();
    expect(containerMemoryLimit(fixture({ 'memory.max': 'garbage' }, 'not a cgroup line'))).toBe(
      undefined,
    );
  });
});

describe('defaultMaxMemory', () => {
  it('is a quarter of the limit: 128 MB in a 512 MB container', () => {
    const found = machine(fixture({ 'memory.max': String(512 * MB) }, '0::/\n'));
    expect(found.memoryLimit).toBe(512 * MB);
    expect(found.cores).toBeGreaterThanOrEqual(1);
    expect(defaultMaxMemory(found)).toBe(128 * MB);
  });

  it('is no cap without a limit', () => {
    expect(defaultMaxMemory({ memoryLimit: undefined, cores: 2 })).toBeUndefined();
  });
});
