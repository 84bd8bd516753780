// The command tree and `run(argv)`: parse, dispatch, and turn every failure into one line and an
// exit code (0 ok, 1 failed, 2 bad usage, 130 interrupted).
import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { actFor } from './commands/act.ts';
import { convertCommand } from './commands/convert.ts';
import { evalCommand } from './commands/eval.ts';
import { filesCommand } from './commands/files.ts';
import { jobsCommand } from './commands/jobs.ts';
import { modelsCommand } from './commands/models.ts';
import { permissionsCommand } from './commands/permissions.ts';
import { reportCommand } from './commands/report.ts';
import { serverCommand } from './commands/server.ts';
import { validateCommand } from './commands/validate.ts';
import { webhooksCommand } from './commands/webhooks.ts';
import { commandPath, Context } from './context.ts';
import { ExitCode, UsageError } from './errors.ts';
import { describeError } from './format/error.ts';
import { addGlobalOptions, secretsOf, type Globals } from './globals.ts';
import type { Io } from './io.ts';

export const VERSION: string = packageJson.version;

export function buildProgram(
  makeIo: (tty: boolean | undefined) => Io,
  onContext: (ctx: Context) => void,
): Command {
  const base = makeIo(undefined);
  const program = new Command('openai-ft')
    .description(
      'The OpenAI fine-tuning API from a terminal: validate data, upload it, start and watch jobs.',
    )
    .version(VERSION)
    .configureOutput({
      writeOut: (s) => base.stdout.write(s),
      writeErr: (s) => base.stderr.write(s),
    })
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride();
  addGlobalOptions(program);
  program.addHelpText(
    'after',
    '\nEnvironment: OPENAI_API_KEY, OPENAI_ADMIN_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID, OPENAI_WEBHOOK_SECRET.',
  );
  const act = actFor((cmd) => {
    const g = cmd.optsWithGlobals() as Globals;
    const ctx = new Context(makeIo(g.tty), g, commandPath(cmd));
    onContext(ctx);
    return ctx;
  });
  validateCommand(program, act);
  convertCommand(program, act);
  filesCommand(program, act);
  jobsCommand(program, act);
  modelsCommand(program, act);
  evalCommand(program, act);
  permissionsCommand(program, act);
  reportCommand(program, act);
  serverCommand(program, act);
  webhooksCommand(program, act);
  return program;
}

/** Runs the CLI on `argv` (without `node` and the script) and resolves with the exit code. */
export async function run(
  argv: readonly string[],
  makeIo: (tty: boolean | undefined) => Io,
): Promise<number> {
  let ctx: Context | undefined;
  const program = buildProgram(makeIo, (c) => (ctx = c));
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof ExitCode) return error.code;
    if (error instanceof CommanderError) {
      // Commander has printed the message (or the help) already.
      return error.exitCode === 0 ? 0 : 2;
    }
    const io = ctx?.io ?? makeIo(undefined);
    const g = ctx?.g ?? (program.opts() as Globals);
    io.stderr.write(
      `${describeError(error, ctx?.command ?? 'openai-ft', secretsOf(g, io.env), g.debug)}\n`,
    );
    return error instanceof UsageError ? 2 : 1;
  }
}
