// docs/cli-reference.md is the program's own help (npm run docs:cli writes it), and the guide,
// docs/cli.md, names every command and every flag the program has.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.ts';
import { cliReference } from '../../src/cli/reference.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');

async function commands(): Promise<Array<{ path: string; flags: string[] }>> {
  const sink = { write: () => true };
  const program = await buildProgram(
    () => ({ stdout: sink, stderr: sink, tty: false, columns: 100, rows: 24, env: {} }),
    () => undefined,
  );
  const globals = new Set(program.options.map((o) => o.long));
  const out: Array<{ path: string; flags: string[] }> = [];
  const walk = (cmd: Command, path: string[]) => {
    if (cmd.commands.length === 0)
      out.push({
        path: path.join(' '),
        flags: cmd.options
          .map((o) => o.long!)
          .filter((f) => f && f !== '--help' && !globals.has(f)),
      });
    for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return out;
}

describe('the CLI reference page', () => {
  it('is what the program prints (run `npm run docs:cli` after changing a command)', async () => {
    expect(read('docs/cli-reference.md')).toBe(await cliReference());
  });
});

const all = await commands();

describe('the CLI guide (docs/cli.md)', () => {
  const guide = read('docs/cli.md');

  it('finds the commands', () => {
    expect(all.map((c) => c.path)).toContain('jobs watch');
    expect(all.length).toBeGreaterThan(20);
  });

  it.each(all.map((c) => [c.path, c.flags] as const))(
    '`%s` and each of its flags are in the guide',
    (path, flags) => {
      expect(guide, `docs/cli.md does not name \`${path}\``).toContain(`\`${path}`);
      const missing = flags.filter((f) => !guide.includes(f));
      expect(missing, `docs/cli.md does not name ${missing.join(', ')} of \`${path}\``).toEqual([]);
    },
  );
});
