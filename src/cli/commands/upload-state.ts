// The state of an interrupted `openai-ft files upload`, kept next to the file (FILE.upload.json):
// the Upload's parts and where validating got to, and the refusal to start over without --resume.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import type { UploadResumeState, ValidationCheckpoint } from '../sdk/training-data.ts';

/** Where `files upload --resume` finds an interrupted upload of FILE: next to it. */
export const stateFileOf = (path: string) => `${path}.upload.json`;

/**
 * An interrupted upload's state is there and `--resume` was not given: refuse rather than start
 * over silently (the parts already sent would be sent again). `--restart` discards it.
 */
export function refuseToStartOver(ctx: Context, path: string, restart: boolean | undefined): void {
  const file = stateFileOf(path);
  if (!existsSync(file)) return;
  if (restart) {
    rmSync(file, { force: true });
    ctx.note(`Discarded the interrupted upload in ${file}; starting a new one.`);
    return;
  }
  let sent = '';
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as UploadResumeState;
    const parts = state.parts.filter(Boolean).length;
    sent = ` (Upload ${state.uploadId}, ${parts} part${parts === 1 ? '' : 's'} sent)`;
  } catch {
    // Named without details below.
  }
  const otherwise =
    ctx.command === 'files upload'
      ? 'or pass --restart to discard it and upload from the start'
      : `then pass the file id it prints; or remove ${file} to upload from the start`;
  throw new UsageError(
    `${path} has an interrupted upload${sent}: its state is in ${file}. Run \`openai-ft files upload ${path} --resume\` to send only what is missing, ${otherwise}.`,
    ctx.command,
  );
}

/**
 * What FILE.upload.json holds: the Upload's state and, when the data is validated, where
 * validating got to, with the file's modification time it was made for (a resume checks only the
 * lines after it, unless the file was written to since).
 */
export type SavedState = UploadResumeState & {
  validation?: { checkpoint: ValidationCheckpoint; mtimeMs: number } | undefined;
};

export function readState(ctx: Context, path: string): SavedState | undefined {
  const file = stateFileOf(path);
  if (!existsSync(file)) {
    ctx.note(`No interrupted upload of ${path} to resume (no ${file}); starting a new one.`);
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SavedState;
  } catch (error) {
    ctx.note(`${file} cannot be read (${(error as Error).message}); starting a new upload.`);
    return undefined;
  }
}

/** The saved validation checkpoint, if it was made for the file as it is now. */
export function checkpointFor(
  path: string,
  saved: SavedState | undefined,
): ValidationCheckpoint | undefined {
  const validation = saved?.validation;
  if (!validation) return undefined;
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs === validation.mtimeMs
    ? validation.checkpoint
    : undefined;
}
