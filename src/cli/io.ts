// Where the CLI writes, and whether that is a terminal. Commands get an `Io` instead of touching
// `process` so the same code runs under tests with captured output.

export interface Output {
  write(text: string): unknown;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  /** Draw live views (progress bar, chart redrawn in place) rather than one line per event. */
  tty: boolean;
  /** Whether stderr is a terminal (where Ctrl-C echoes `^C`). */
  stderrTty?: boolean;
  /** Terminal width for tables and charts. */
  columns: number;
  /** Terminal height: a live frame taller than the screen cannot be redrawn in place. */
  rows: number;
  env: Record<string, string | undefined>;
}

/**
 * Whether stdout gets the live view: a real terminal, unless `--no-tty`; `--tty` (or
 * OPENAI_FT_TTY=1) forces it, e.g. when a terminal recorder or a test captures the output.
 */
export function detectTty(
  stdoutIsTty: boolean,
  flag: boolean | undefined,
  env: Record<string, string | undefined>,
): boolean {
  if (flag !== undefined) return flag;
  const forced = env.OPENAI_FT_TTY?.trim();
  if (forced === '1' || forced === 'true') return true;
  if (forced === '0' || forced === 'false') return false;
  return stdoutIsTty;
}

export function processIo(tty?: boolean): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    tty: detectTty(Boolean(process.stdout.isTTY), tty, process.env),
    stderrTty: Boolean(process.stderr.isTTY),
    columns: process.stdout.columns || Number(process.env.COLUMNS) || 80,
    rows: process.stdout.rows || Number(process.env.LINES) || 24,
    env: process.env,
  };
}

/**
 * `openai-ft jobs list -q | head -1`: once the reader of stdout (or stderr) has gone, writing fails
 * with EPIPE. That is the reader's choice, not a failure: exit at once, quietly, as `cat` does.
 */
export function quietOnClosedPipe(proc: {
  stdout: NodeJS.EventEmitter;
  stderr: NodeJS.EventEmitter;
  exit(code?: number): never;
}): void {
  for (const stream of [proc.stdout, proc.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') proc.exit(0);
      throw error;
    });
  }
}
