// The /files operations.
import type { OpenAiFile } from '../../../generated/types.gen.ts';
import { HttpError, invalid } from '../errors.ts';
import type { SpooledFile } from '../multipart.ts';
import { paginate } from '../paginate.ts';
import type { Handler, HandlerContext, Reply } from './types.ts';

export interface Upload {
  file: SpooledFile;
  purpose: OpenAiFile['purpose'];
  expires_after?: { anchor: 'created_at'; seconds: number };
}

function existing(ctx: HandlerContext): OpenAiFile {
  const id = ctx.path.file_id!;
  const file = ctx.state.files.get(id);
  // The API's words, `param: "id"` and the top-level `detail` (recorded 2026).
  if (!file)
    throw new HttpError(404, `No such File object: ${id}`, {
      param: 'id',
      code: null,
      detail: true,
    });
  return file;
}

/** The body is the parsed multipart form (see server.ts), its file part already spooled. */
export async function createFile(ctx: HandlerContext): Promise<Reply> {
  const upload = ctx.body as Upload;
  const { content } = upload.file;
  try {
    if (upload.purpose === 'fine-tune' && !upload.file.name.toLowerCase().endsWith('.jsonl')) {
      throw invalid(
        `Invalid file format for Fine-Tuning API. Must be .jsonl (got '${upload.file.name}').`,
        'file',
        'invalid_file_format',
      );
    }
    return {
      json: await ctx.state.files.adopt(
        upload.file.name,
        upload.purpose,
        content,
        upload.expires_after?.seconds,
      ),
    };
  } finally {
    content.discard();
  }
}

export const retrieveFile: Handler = (ctx) => ({ json: existing(ctx) });

export const deleteFile: Handler = (ctx) => {
  const file = existing(ctx);
  ctx.state.files.delete(file.id);
  return { json: { object: 'file', deleted: true, id: file.id } };
};

export const downloadFile: Handler = (ctx) => {
  const file = existing(ctx);
  const bytes = ctx.state.files.content(file.id) ?? new Uint8Array();
  return { raw: { bytes, contentType: 'application/octet-stream' } };
};

export const listFiles: Handler = (ctx) => {
  const query = ctx.query as {
    purpose?: string;
    limit?: number;
    order?: 'asc' | 'desc';
    after?: string;
  };
  let files = ctx.state.files.all();
  if (query.purpose) files = files.filter((f) => f.purpose === query.purpose);
  if ((query.order ?? 'desc') === 'desc') files = files.reverse();
  const page = paginate(files, query, { limit: 10_000, maxLimit: 10_000 });
  return {
    // ListFilesResponse requires `first_id` and `last_id` as strings (not nullable, unlike the
    // other lists): an empty page answers empty strings.
    json: {
      object: 'list',
      data: page.data,
      first_id: page.data[0]?.id ?? '',
      last_id: page.data.at(-1)?.id ?? '',
      has_more: page.has_more,
    },
  };
};
