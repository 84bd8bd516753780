// What this process may use, read once: the memory limit of its container (cgroup v2 `memory.max`,
// cgroup v1 `memory.limit_in_bytes`, of the process's own cgroup as /proc/self/cgroup names it,
// else of the root one, which is the container's own under a cgroup namespace) and the cores
// (os.availableParallelism(), which counts a CPU affinity mask). The upload and the validator size
// their parts, concurrency and workers from it (issue #32: a 512 MB container was killed doing
// what the README recommends).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Where the cgroup files are; tests point them at fixture files. */
export interface MachinePaths {
  /** @default '/sys/fs/cgroup' */
  cgroupRoot?: string;
  /** @default '/proc/self/cgroup' */
  selfCgroup?: string;
}

export interface Machine {
  /** The container's memory limit in bytes, or undefined when there is none. */
  memoryLimit: number | undefined;
  cores: number;
}

/** cgroup v1 writes "no limit" as a page-rounded 2^63-1; anything from 2^60 up is no limit. */
const NO_LIMIT = 2 ** 60;

function readLimit(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
  if (text === 'max') return Number.POSITIVE_INFINITY;
  const bytes = Number(text);
  if (!Number.isFinite(bytes) || bytes <= 0) return undefined;
  return bytes >= NO_LIMIT ? Number.POSITIVE_INFINITY : bytes;
}

/** The process's own cgroup paths: v2 (`0::/path`) and v1's memory controller (`N:memory:/path`). */
function ownCgroups(selfCgroup: string): { v2?: string; v1?: string } {
  let text: string;
  try {
    text = readFileSync(selfCgroup, 'utf8');
  } catch {
    return {};
  }
  const found: { v2?: string; v1?: string } = {};
  for (const line of text.split('\n')) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line.trim()) ?? [];
    if (path === undefined) continue;
    if (controllers === '') found.v2 = path;
    else if (controllers!.split(',').includes('memory')) found.v1 = path;
  }
  return found;
}

/** The memory limit of the process's container, or undefined (none, or no cgroup files). */
export function containerMemoryLimit(paths: MachinePaths = {}): number | undefined {
  const root = paths.cgroupRoot ?? '/sys/fs/cgroup';
  const own = ownCgroups(paths.selfCgroup ?? '/proc/self/cgroup');
  const candidates = [
    own.v2 && own.v2 !== '/' ? `${root}${own.v2}/memory.max` : undefined,
    `${root}/memory.max`,
    own.v1 && own.v1 !== '/' ? `${root}/memory${own.v1}/memory.limit_in_bytes` : undefined,
    `${root}/memory/memory.limit_in_bytes`,
  ];
  // The tightest limit found: a process's own cgroup may be tighter than the root's.
  let limit = Number.POSITIVE_INFINITY;
  for (const path of candidates) {
    const found = path ? readLimit(path) : undefined;
    if (found !== undefined && found < limit) limit = found;
  }
  return Number.isFinite(limit) ? limit : undefined;
}

let cached: Machine | undefined;

/** The container's memory limit and the cores, read once per process (or from `paths`, not cached). */
export function machine(paths?: MachinePaths): Machine {
  if (!paths && cached) return cached;
  const found = { memoryLimit: containerMemoryLimit(paths), cores: availableParallelism() };
  if (!paths) cached = found;
  return found;
}

/**
 * The share of a container's memory an upload or a validation takes for its buffers and workers
 * when no `maxMemory` is given: a quarter of the limit, so a 512 MB container leaves room for the
 * process itself (Node and the SDK, about 100 MB) and the application. Undefined without a limit.
 */
export function defaultMaxMemory(found: Machine = machine()): number | undefined {
  return found.memoryLimit === undefined ? undefined : Math.floor(found.memoryLimit / 4);
}
