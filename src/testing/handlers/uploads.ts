// The /uploads operations: create, add a part, complete into a File, cancel. The rules are the
// API's: a part is at most 64 MB, an Upload at most 8 GB and an hour old; `complete` takes the part
// ids in order, their sizes must add up to the declared `bytes`, and `md5` is checked when sent.
import { createHash } from 'node:crypto';
import type {
  CompleteUploadRequest,
  CreateUploadRequest,
  Upload,
} from '../../../generated/types.gen.ts';
import { HttpError, invalid, notFound } from '../errors.ts';
import type { Spooled } from '../file-store.ts';
import type { SpooledFile } from '../multipart.ts';
import { placeOf } from '../part-hashes.ts';
import { MAX_UPLOAD_BYTES, UPLOAD_LIFETIME_SECONDS, type UploadRecord } from '../uploads.ts';
import type { Handler, HandlerContext, Reply } from './types.ts';

const seconds = (ctx: HandlerContext) => Math.floor(ctx.state.clock.now() / 1000);

function pending(ctx: HandlerContext, what: string): UploadRecord {
  const id = ctx.path.upload_id!;
  const record = ctx.state.uploads.get(id);
  if (!record) throw notFound('upload', id, 'upload_id');
  const status = record.upload.status;
  if (status === 'expired') {
    throw invalid(
      `Upload ${id} has expired (an Upload expires an hour after it is created): ${what} is not possible. Create a new Upload and send the file again.`,
      'upload_id',
      'upload_expired',
    );
  }
  if (status !== 'pending')
    throw invalid(
      `Upload ${id} is ${status}: ${what} is not possible.`,
      'upload_id',
      `upload_${status}`,
    );
  return record;
}

export const createUpload: Handler = (ctx) => {
  const body = ctx.body as CreateUploadRequest & {
    expires_after?: { anchor: 'created_at'; seconds: number };
  };
  if (!Number.isInteger(body.bytes) || body.bytes < 0)
    throw invalid(
      `Invalid 'bytes': ${body.bytes}. It must be a whole number of bytes, 0 or more.`,
      'bytes',
      'invalid_value',
    );
  if (body.bytes > MAX_UPLOAD_BYTES) {
    throw invalid(
      `Invalid 'bytes': ${body.bytes}. An Upload takes at most 8 GB (${MAX_UPLOAD_BYTES} bytes).`,
      'bytes',
      'invalid_value',
    );
  }
  if (body.purpose === 'fine-tune' && !body.filename.toLowerCase().endsWith('.jsonl')) {
    throw invalid(
      `Invalid file format for Fine-Tuning API. Must be .jsonl (got '${body.filename}').`,
      'filename',
      'invalid_file_format',
    );
  }
  const created = seconds(ctx);
  const upload: Upload = {
    object: 'upload',
    id: ctx.state.ids.id('upload_'),
    created_at: created,
    filename: body.filename,
    bytes: body.bytes,
    purpose: body.purpose,
    status: 'pending',
    expires_at: created + UPLOAD_LIFETIME_SECONDS,
  };
  ctx.state.uploads.add({
    upload,
    mimeType: body.mime_type,
    parts: new Map(),
    received: 0,
    ...(body.expires_after ? { fileExpiresAfter: body.expires_after.seconds } : {}),
  });
  return { json: upload };
};

/** Whether a part of `size` bytes still fits the Upload (a 400 when not). */
function checkFits(record: UploadRecord, size: number): void {
  if (record.received + size > record.upload.bytes) {
    throw invalid(
      `Upload ${record.upload.id} was created for ${record.upload.bytes} bytes; this part of ${size} bytes would make ${record.received + size}. Send only the file's bytes, each once.`,
      'data',
      'invalid_value',
    );
  }
}

export async function addUploadPart(ctx: HandlerContext): Promise<Reply> {
  const data = (ctx.body as { data: SpooledFile }).data;
  try {
    checkFits(pending(ctx, 'adding a part'), data.content.size);
  } catch (error) {
    data.content.discard();
    throw error;
  }
  const part = { id: ctx.state.ids.id('part_'), created_at: seconds(ctx), content: data.content };
  // With a dataDir the bytes are moved out of the spool and fsynced before the record names them.
  part.content = await ctx.state.uploads.keep(part.id, data.content);
  // The Upload may have moved on (or been filled) while the bytes were written: look again.
  let record: UploadRecord;
  try {
    record = pending(ctx, 'adding a part');
    checkFits(record, part.content.size);
  } catch (error) {
    part.content.discard();
    throw error;
  }
  record.parts.set(part.id, part);
  record.received += part.content.size;
  ctx.state.uploads.hashes.added(record.upload.id, part.id, part.content, placeOf(data.name));
  ctx.state.uploads.touch(record);
  return {
    json: {
      id: part.id,
      object: 'upload.part',
      created_at: part.created_at,
      upload_id: record.upload.id,
    },
  };
}

/** Whether the Upload was completed with exactly these part ids (a re-sent complete gets it back). */
const completedWith = (record: UploadRecord, ids: readonly string[]): boolean =>
  record.upload.status === 'completed' &&
  record.completedWith?.length === ids.length &&
  record.completedWith.every((p, i) => p === ids[i]);

async function hashOf(parts: readonly Spooled[]): Promise<string> {
  const hash = createHash('md5');
  for (const part of parts) for await (const chunk of part.chunks()) hash.update(chunk);
  return hash.digest('hex');
}

export async function completeUpload(ctx: HandlerContext): Promise<Reply> {
  const { part_ids: ids, md5 } = ctx.body as CompleteUploadRequest;
  const id = ctx.path.upload_id!;
  // A value that cannot be an MD5 at all is a bad value, not a mismatch with the bytes.
  if (md5 !== undefined && !/^[0-9a-f]{32}$/i.test(md5)) {
    throw invalid(
      `Invalid 'md5': expected the hex MD5 of the file (32 characters 0-9 and a-f), got ${md5.length} characters${/[^0-9a-f]/i.test(md5) ? ' with some that are not hex digits' : ''}. Send the hex digest (e.g. createHash('md5').digest('hex')), or leave md5 out.`,
      'md5',
      'invalid_value',
    );
  }
  const known = ctx.state.uploads.get(id);
  // A complete re-sent after its answer was lost gets the same Upload (and File), not a second.
  if (known && completedWith(known, ids)) {
    return { json: known.upload };
  }
  const record = pending(ctx, 'completing it');
  const seen = new Set<string>();
  let total = 0;
  for (const [i, partId] of ids.entries()) {
    const part = record.parts.get(partId);
    if (!part)
      throw invalid(
        `Invalid part_ids[${i}]: ${partId} is not a part of Upload ${id}.`,
        'part_ids',
        'invalid_value',
      );
    if (seen.has(partId))
      throw invalid(
        `Invalid part_ids[${i}]: ${partId} is given twice.`,
        'part_ids',
        'invalid_value',
      );
    seen.add(partId);
    total += part.content.size;
  }
  if (total !== record.upload.bytes) {
    throw invalid(
      `The parts given add up to ${total} bytes, but Upload ${id} was created for ${record.upload.bytes} bytes. Add the missing parts (or list every part id) before completing.`,
      'part_ids',
      'invalid_value',
    );
  }
  const parts = ids.map((p) => record.parts.get(p)!.content);
  if (md5 !== undefined) {
    const actual = (await ctx.state.uploads.hashes.digest(id, ids)) ?? (await hashOf(parts));
    if (actual !== md5.toLowerCase()) {
      throw invalid(
        `The md5 given (${md5}) does not match the bytes of the parts (in the order given). Check the part order, or send the file again.`,
        'md5',
        'md5_mismatch',
      );
    }
  }
  // Another request may have completed or cancelled the Upload (and freed its parts) meanwhile.
  if (record.upload.status !== 'pending') {
    if (completedWith(record, ids)) return { json: record.upload };
    pending(ctx, 'completing it');
  }
  const { upload } = record;
  const file = await ctx.state.files.adoptParts(
    upload.filename,
    upload.purpose as never,
    parts,
    upload.bytes,
    record.fileExpiresAfter,
  );
  // Another request may have completed or cancelled the Upload while the File was written.
  if (upload.status !== 'pending') {
    ctx.state.files.delete(file.id);
    if (completedWith(record, ids)) return { json: upload };
    pending(ctx, 'completing it');
  }
  upload.status = 'completed';
  upload.file = file;
  record.completedWith = [...ids];
  ctx.state.uploads.release(record);
  return { json: upload };
}

export const cancelUpload: Handler = (ctx) => {
  const id = ctx.path.upload_id!;
  const record = ctx.state.uploads.get(id);
  if (!record) throw notFound('upload', id, 'upload_id');
  if (record.upload.status === 'cancelled') return { json: record.upload };
  if (record.upload.status !== 'pending')
    throw new HttpError(400, `Upload ${id} is ${record.upload.status}: it cannot be cancelled.`, {
      param: 'upload_id',
      code: `upload_${record.upload.status}`,
    });
  record.upload.status = 'cancelled';
  ctx.state.uploads.release(record);
  return { json: record.upload };
};
