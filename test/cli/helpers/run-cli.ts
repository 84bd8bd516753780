// Runs the real `openai-ft` executable (built by build-cli.ts from the package's tsdown config)
// as a child process, asynchronously so a server in the test process keeps answering.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  result: Promise<CliResult>;
  /** What the process has written to stdout so far. */
  stdout(): string;
  /** Resolves once stdout contains `text`. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
}

export function startCli(args: string[], env: Record<string, string | undefined> = {}): CliRun {
  const child = spawn(process.execPath, [inject('cliBin'), ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      COLUMNS: '100',
      LINES: '24',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners: Array<() => void> = [];
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
    for (const l of listeners) l();
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const result = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `openai-ft ${args.join(' ')} did not exit within 20 s.\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return {
    child,
    result,
    stdout: () => stdout,
    waitFor: (text, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const seen = () => (typeof text === 'string' ? stdout.includes(text) : text.test(stdout));
        if (seen()) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`stdout never showed ${String(text)}; it was:\n${stdout}`)),
          timeoutMs,
        );
        listeners.push(() => {
          if (seen()) {
            clearTimeout(timer);
            resolve();
          }
        });
      }),
  };
}

export function cli(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  return startCli(args, env).result;
}
