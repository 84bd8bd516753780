// `openai-ft … | head -1`: the reader of stdout goes away before the CLI is done writing. The CLI
// exits quietly (0, nothing on stderr), not with "write EPIPE … Unhandled 'error' event".
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { useLocalServer } from '../helpers/local-server.ts';
import packageJson from '../../package.json' with { type: 'json' };

const local = useLocalServer();

/** Runs the CLI with its stdout pipe closed on our side before it writes anything. */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [inject('cliBin'), ...args], {
    env: {
      PATH: process.env.PATH,
      OPENAI_BASE_URL: local.server.baseUrl,
      OPENAI_API_KEY: local.server.apiKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`openai-ft ${args.join(' ')} did not exit: ${stderr}`));
    }, 15_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe.concurrent('a closed pipe on stdout', () => {
  it.each([[['jobs', 'list']], [['jobs', 'list', '--json']], [['--help']], [['--version']]])(
    'openai-ft %j exits 0 without a word',
    async (args) => {
      const r = await withClosedStdout(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    },
  );
});

describe('npm run -s cli, as the docs say for scripts', () => {
  it('captures the version alone, without npm banner', async () => {
    const child = spawn('npm', ['run', '-s', 'cli', '--', '--version'], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toBe(`${packageJson.version}\n`);
  });
});
