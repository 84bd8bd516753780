// A block of lines redrawn in place: move the cursor back to the block's first line, clear to the
// end of the screen, write the new block. The cursor is hidden while drawing and always restored.
import type { Output } from '../io.ts';

export class LiveRegion {
  #height = 0;
  constructor(readonly out: Output) {}

  draw(lines: readonly string[]): void {
    const back = this.#height > 0 ? `\x1b[${this.#height}F\x1b[J` : '\x1b[?25l';
    this.out.write(`${back}${lines.join('\n')}\n`);
    this.#height = lines.length;
  }

  /** Leaves the last frame on screen and shows the cursor again. */
  close(): void {
    if (this.#height > 0) this.out.write('\x1b[?25h');
    this.#height = 0;
  }
}

/** What a command that follows something live needs: an abort on Ctrl-C, and a region to redraw. */
export interface LiveSession {
  /** Aborted by Ctrl-C (SIGINT): the command stops following and ends cleanly. */
  readonly signal: AbortSignal;
  /** The region redrawn in place on a terminal; undefined with --json, --quiet or no terminal. */
  readonly live: LiveRegion | undefined;
  /** Leaves the last frame on screen and stops listening for Ctrl-C. */
  end(): void;
}

/** Starts a live session for a command (`jobs follow`, `watch`). */
export function liveSession(ctx: {
  io: { tty: boolean; stdout: Output };
  g: { json?: boolean | undefined; quiet?: boolean | undefined };
}): LiveSession {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const live =
    ctx.io.tty && !ctx.g.json && !ctx.g.quiet ? new LiveRegion(ctx.io.stdout) : undefined;
  return {
    signal: controller.signal,
    live,
    end() {
      live?.close();
      process.removeListener('SIGINT', onInterrupt);
    },
  };
}
