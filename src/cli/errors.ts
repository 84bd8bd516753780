// Errors the CLI raises itself, before any request: a bad flag value, a missing key, a file that
// cannot be read. Each says what to do; the command's name lets the message point at its --help.

export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    /** The command path (`jobs create`) whose --help explains the flag. */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** The command ran but its result is a failure (invalid training data): exit 1 without an error line. */
export class ExitCode extends Error {
  override name = 'ExitCode';
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** The command could not do its work (a handler that does not answer): one line, exit 1. */
export class CommandFailedError extends Error {
  override name = 'CommandFailedError';
}
