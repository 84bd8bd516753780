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
