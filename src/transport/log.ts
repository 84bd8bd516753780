// Optional logging: one line per request, response, retry and failure. Disabled levels cost one
// property check on the hot path; lines are only built when someone will read them.

/** Which log lines are written, from nothing (`off`) to every request (`debug`). */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/**
 * Anything with console's four methods (console itself, pino, winston…).
 * @example
 * const ft = new FineTuning({ logger: pino(), logLevel: 'info' });
 */
export interface Logger {
  /** Writes an error line. */
  error(message: string, ...rest: unknown[]): void;
  /** Writes a warning line. */
  warn(message: string, ...rest: unknown[]): void;
  /** Writes an info line. */
  info(message: string, ...rest: unknown[]): void;
  /** Writes a debug line. */
  debug(message: string, ...rest: unknown[]): void;
}

/** One writer per enabled level; undefined where the level is off. */
export interface Log {
  error: ((line: string) => void) | undefined;
  warn: ((line: string) => void) | undefined;
  info: ((line: string) => void) | undefined;
  debug: ((line: string) => void) | undefined;
}

export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

export function makeLog(logger: Logger, level: LogLevel): Log {
  const rank = LOG_LEVELS.indexOf(level);
  const writer = (name: Exclude<LogLevel, 'off'>) =>
    rank >= LOG_LEVELS.indexOf(name)
      ? (line: string) => logger[name](`openai-fine-tuning: ${line}`)
      : undefined;
  return {
    error: writer('error'),
    warn: writer('warn'),
    info: writer('info'),
    debug: writer('debug'),
  };
}
