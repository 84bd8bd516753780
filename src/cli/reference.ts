// The CLI reference page (docs/cli-reference.md) made from the program's own help: every command's
// `--help`, at a fixed width, in the order the program lists them. `npm run docs:cli` writes it;
// test/cli/reference.test.ts fails when the page and the program drift apart.
import type { Command } from 'commander';
import type { Io } from './io.ts';
import { buildProgram } from './program.ts';

const WIDTH = 100;

const quiet: Io = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  tty: false,
  columns: WIDTH,
  rows: 24,
  env: {},
};

function walk(cmd: Command, path: string[], out: Array<{ path: string[]; help: string }>): void {
  cmd.configureHelp({ ...cmd.configureHelp(), helpWidth: WIDTH });
  out.push({ path, help: cmd.helpInformation().trimEnd() });
  for (const sub of cmd.commands) walk(sub, [...path, sub.name()], out);
}

/** The Markdown of the reference page. */
export async function cliReference(): Promise<string> {
  const program = await buildProgram(
    () => quiet,
    () => undefined,
  );
  const pages: Array<{ path: string[]; help: string }> = [];
  walk(program, [], pages);
  const title = (p: string[]) => `openai-ft${p.length ? ` ${p.join(' ')}` : ''}`;
  return [
    '# `openai-ft` reference',
    '',
    "Every command's `--help`, as the program prints it. Made from the program by",
    '`npm run docs:cli`; `test/cli/reference.test.ts` fails when it and the program differ. The',
    'guide is [the command line](cli.md).',
    '',
    ...pages.map((p) => `- [\`${title(p.path)}\`](#${title(p.path).replace(/ /g, '-')})`),
    '',
    ...pages.flatMap((p) => [`## ${title(p.path)}`, '', '```text', p.help, '```', '']),
  ].join('\n');
}
