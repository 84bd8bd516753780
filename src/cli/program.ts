// The command tree and `run(argv)`: parse, dispatch, and turn every failure into one line and an
// exit code (0 ok, 1 failed, 2 bad usage, 130 interrupted). bin.ts loads this module (and with it
// commander) for every command but `--version`; this one loads the code of the command that runs.
import { Command, CommanderError } from 'commander';
import { actFor, type Act } from './commands/act.ts';
import { commandPath, Context } from './context.ts';
import { ExitCode, UsageError } from './errors.ts';
import { describeError } from './format/error.ts';
import { addGlobalOptions, secretsOf, type Globals } from './globals.ts';
import type { Io } from './io.ts';
import { VERSION } from './version.ts';

export { VERSION };

type Register = (program: Command, act: Act) => void;

/**
 * The commands, in the order `--help` lists them. Each one's module is loaded only when it runs
 * (or for the help that lists them all): `openai-ft jobs list` does not load the validator, the
 * local server or the report's page.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  validate: async () => (await import('./commands/validate.ts')).validateCommand,
  convert: async () => (await import('./commands/convert.ts')).convertCommand,
  files: async () => (await import('./commands/files.ts')).filesCommand,
  jobs: async () => (await import('./commands/jobs.ts')).jobsCommand,
  models: async () => (await import('./commands/models.ts')).modelsCommand,
  eval: async () => (await import('./commands/eval.ts')).evalCommand,
  permissions: async () => (await import('./commands/permissions.ts')).permissionsCommand,
  report: async () => (await import('./commands/report.ts')).reportCommand,
  server: async () => (await import('./commands/server.ts')).serverCommand,
  webhooks: async () => (await import('./commands/webhooks.ts')).webhooksCommand,
};

/**
 * The command `argv` names: its first word that is not a global flag or a global flag's value.
 * Undefined when there is none or it is not a command (`help`, a typo): then every command is
 * loaded, so the help and commander's suggestions are those of the whole program.
 */
export function commandOf(argv: readonly string[], program: Command): string | undefined {
  const takesValue = new Set<string>();
  for (const option of program.options)
    if (option.required || option.optional)
      for (const flag of [option.long, option.short]) if (flag) takesValue.add(flag);
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') return undefined;
    if (word.startsWith('-')) {
      if (takesValue.has(word)) i++;
      continue;
    }
    return Object.hasOwn(COMMANDS, word) ? word : undefined;
  }
  return undefined;
}

/**
 * The program, with the commands loaded that `argv` needs: the one it names (see `commandOf`), or
 * all of them (without `argv`, for the reference page, or when it names none).
 */
export async function buildProgram(
  makeIo: (tty: boolean | undefined) => Io,
  onContext: (ctx: Context) => void,
  argv?: readonly string[],
): Promise<Command> {
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
  const only = argv && commandOf(argv, program);
  const names = only ? [only] : Object.keys(COMMANDS);
  const registers = await Promise.all(names.map((name) => COMMANDS[name]!()));
  for (const register of registers) register(program, act);
  return program;
}

/** Runs the CLI on `argv` (without `node` and the script) and resolves with the exit code. */
export async function run(
  argv: readonly string[],
  makeIo: (tty: boolean | undefined) => Io,
): Promise<number> {
  let ctx: Context | undefined;
  const program = await buildProgram(makeIo, (c) => (ctx = c), argv);
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
