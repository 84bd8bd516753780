// What a command's action gets: the output, the global flags and the SDK client (built on first use).
import type { Command } from 'commander';
import { UsageError } from './errors.ts';
import type { Globals } from './globals.ts';
import type { Io } from './io.ts';
import { isAzure, makeClient, type FineTuning } from './sdk/client.ts';

export class Context {
  #client: FineTuning | undefined;
  constructor(
    readonly io: Io,
    readonly g: Globals,
    /** `jobs create`: names the command in error lines. */
    readonly command: string,
  ) {}

  /** The client; `key` checks up front that the key the command needs is there. */
  client(key: 'api' | 'admin' = 'api'): FineTuning {
    try {
      this.#client ??= makeClient(this.g);
    } catch (error) {
      // Azure's missing endpoint or key, said as a usage error with the flags to pass.
      if (error instanceof Error && error.name === 'ConfigurationError' && isAzure(this.g))
        throw new UsageError(
          `${error.message} (openai-ft: --endpoint, --api-key, --api-version)`,
          this.command,
        );
      throw error;
    }
    const o = this.#client.options;
    if (key === 'admin' && 'azure' in this.#client)
      throw new UsageError(
        'checkpoint permissions are an OpenAI admin operation; Azure OpenAI has none (drop --azure).',
        this.command,
      );
    if (key === 'admin' && !o.adminApiKey) {
      throw new UsageError(
        'no admin key: pass --admin-key or set OPENAI_ADMIN_KEY (checkpoint permissions need an admin key).',
        this.command,
      );
    }
    if (key === 'api' && !o.apiKey)
      throw new UsageError('no API key: pass --api-key or set OPENAI_API_KEY.', this.command);
    return this.#client;
  }

  out(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Notes for people (hints, "stopped following"): stderr, so stdout stays clean for pipes. */
  note(text: string): void {
    if (!this.g.quiet) this.io.stderr.write(`${text}\n`);
  }

  json(value: unknown): void {
    this.out(JSON.stringify(value, null, 2));
  }

  /** Prints `value` as JSON, its id alone, or the human form, as the flags say. */
  result(value: { id?: string } | unknown, human: () => string, id?: string): void {
    if (this.g.json) this.json(value);
    else if (this.g.quiet) {
      if (id) this.out(id);
    } else this.out(human());
  }

  /** Prints a list: as JSON with --json, one id a line with --quiet, else as `human` renders it. */
  list<T>(items: readonly T[], idOf: (item: T) => string, human: () => string): void {
    if (this.g.json) this.json(items);
    else if (this.g.quiet) for (const item of items) this.out(idOf(item));
    else this.out(human());
  }
}

/** The command path without the program name: `jobs create`. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
