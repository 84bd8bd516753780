// A training file on disk as a `File` whose bytes are read from disk only when it is sent.
// `fs.openAsBlob` gives a disk-backed Blob: fetch streams it into the multipart body chunk by
// chunk, so a large file is never held in memory, and unlike a one-shot stream it can be re-read
// if the request is retried.
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { UnreadableTrainingDataError } from '../training-data/index.ts';

/** Checks that `path` is a readable regular file and gives its size. */
export async function checkFile(path: string, what: string): Promise<number> {
  if (typeof path !== 'string' || path === '') {
    throw new UnreadableTrainingDataError(
      `${what}: the path must be a non-empty string, got ${JSON.stringify(path)}.`,
    );
  }
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'it does not exist'
        : code === 'EACCES'
          ? 'permission denied'
          : (error as Error).message;
    throw new UnreadableTrainingDataError(
      `${what}: cannot read ${path}: ${reason}. Check the path.`,
      { cause: error },
    );
  }
  if (!info.isFile())
    throw new UnreadableTrainingDataError(
      `${what}: ${path} is not a regular file. Pass the path of a .jsonl file.`,
    );
  return info.size;
}

/** Opens `path` as a disk-backed `File` (named after the file unless `filename` is given). */
export async function openTrainingFile(path: string, filename?: string): Promise<File> {
  await checkFile(path, 'openTrainingFile');
  const blob = await openAsBlob(path, { type: 'application/jsonl' });
  // A File made from a Blob keeps the Blob's disk backing; no bytes are read here.
  return new File([blob], filename ?? basename(path), { type: 'application/jsonl' });
}
