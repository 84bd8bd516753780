// Runs a command inside a cgroup with a memory limit, for the container row of
// bench/cases/uploads.ts: cgroup v2 (memory.max, memory.peak) where /sys/fs/cgroup is the unified
// hierarchy, else cgroup v1's memory controller (memory.limit_in_bytes, memory.max_usage_in_bytes).
// Needs root and a writable cgroup file system; where either is missing it says why, and the row
// is shown as skipped. The cgroup is removed afterwards.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';

const ROOT = '/sys/fs/cgroup';

export type ContainerResult =
  | { skipped: string }
  | { ok: boolean; why?: string; ms: number; peakMB: number; version: string };

function makeCgroup(limitMB: number): { dir: string; peak: string; version: string } | string {
  const name = `openai-ft-bench-${process.pid}`;
  const v2 = existsSync(`${ROOT}/cgroup.controllers`);
  const dir = v2 ? `${ROOT}/${name}` : `${ROOT}/memory/${name}`;
  if (!v2 && !existsSync(`${ROOT}/memory`)) return `no cgroup memory controller under ${ROOT}`;
  try {
    mkdirSync(dir);
  } catch (error) {
    return `cannot make a cgroup at ${dir}: ${(error as Error).message}`;
  }
  const bytes = String(limitMB * 2 ** 20);
  try {
    writeFileSync(v2 ? `${dir}/memory.max` : `${dir}/memory.limit_in_bytes`, bytes);
    // No swap to escape to (v2: memory.swap.max; v1: memsw, where the kernel has it).
    const swap = v2 ? `${dir}/memory.swap.max` : `${dir}/memory.memsw.limit_in_bytes`;
    if (existsSync(swap)) writeFileSync(swap, v2 ? '0' : bytes);
  } catch (error) {
    rmdirSync(dir);
    return `cannot set the memory limit of ${dir}: ${(error as Error).message}`;
  }
  return {
    dir,
    peak: v2 ? `${dir}/memory.peak` : `${dir}/memory.max_usage_in_bytes`,
    version: v2 ? 'cgroup v2 memory.max' : 'cgroup v1 memory.limit_in_bytes',
  };
}

/** Runs `node script ...args` inside a new cgroup limited to `limitMB`. */
export async function inContainer(
  limitMB: number,
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<ContainerResult> {
  if (process.platform !== 'linux') return { skipped: 'cgroups are Linux only' };
  if (process.getuid?.() !== 0) return { skipped: 'making a cgroup needs root' };
  const cgroup = makeCgroup(limitMB);
  if (typeof cgroup === 'string') return { skipped: cgroup };
  const started = performance.now();
  try {
    // The shell moves itself into the cgroup, then becomes node: the whole process runs inside.
    const child = spawn(
      'sh',
      [
        '-c',
        `echo $$ > ${cgroup.dir}/cgroup.procs && exec "$0" "$@"`,
        process.execPath,
        script,
        ...args,
      ],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-500);
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (c, s) => resolve([c, s])),
    );
    const ms = performance.now() - started;
    const peakMB = existsSync(cgroup.peak)
      ? Number(readFileSync(cgroup.peak, 'utf8')) / 2 ** 20
      : Number.NaN;
    const ok = code === 0;
    return {
      ok,
      ...(ok
        ? {}
        : {
            why: `exit ${code ?? signal} ${signal === 'SIGKILL' ? '(killed: out of memory)' : stderr.trim()}`,
          }),
      ms,
      peakMB,
      version: cgroup.version,
    };
  } finally {
    // Empty once the child has exited; a moment for the kernel to see it so.
    for (let i = 0; i < 20; i++) {
      try {
        rmdirSync(cgroup.dir);
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}
