// Sending a streamed reply (an event stream): chunk by chunk as the handler yields them, waiting
// for a slow client, stopping when the client goes away, and cutting the connection where fault
// injection says.
import type { ServerResponse } from 'node:http';
import type { Reply } from './handlers/types.ts';

/** Writes a streamed reply until it ends, the client goes away, or a fault cuts it after `drop` chunks. */
export async function pipe(
  res: ServerResponse,
  stream: NonNullable<Reply['stream']>,
  drop: number | undefined,
): Promise<void> {
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  let written = 0;
  for await (const chunk of stream.chunks(controller.signal)) {
    if (res.destroyed) return;
    if (written === drop) {
      // Half a message, then the connection dies: what a client sees when a proxy or network fails.
      res.write(chunk.slice(0, Math.ceil(chunk.length / 2)), () => res.destroy());
      return;
    }
    written++;
    if (!res.write(chunk)) {
      await new Promise((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    }
  }
  res.end();
}
