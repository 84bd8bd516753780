// A multipart/form-data body that streams a file part from a ReadableStream. `FormData` only takes
// Blobs, and turning a stream into a Blob would hold the whole file in memory; this writes the
// fields, then pipes the stream through, then the closing boundary. Such a body can be sent once
// only: it cannot be replayed on a retry.

export interface StreamedMultipart {
  body: ReadableStream<Uint8Array>;
  contentType: string;
}

const quote = (value: string): string => value.replace(/[\r\n"]/g, (c) => encodeURIComponent(c));

/** Flattens nested fields into the bracket form the API reads (`expires_after[anchor]`). */
function flatten(
  fields: Record<string, unknown>,
  prefix = '',
  out: Array<[string, string]> = [],
): Array<[string, string]> {
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    const name = prefix ? `${prefix}[${key}]` : key;
    if (typeof value === 'object') flatten(value as Record<string, unknown>, name, out);
    else out.push([name, String(value)]);
  }
  return out;
}

export function streamedMultipart(
  fields: Record<string, unknown>,
  file: {
    /** The form field the file goes in. @default 'file' */
    field?: string;
    name: string;
    type: string;
    stream: ReadableStream<Uint8Array>;
  },
  /** The same boundary for each attempt of a request whose Content-Type is set once. */
  boundary = `----openai-fine-tuning-${crypto.randomUUID()}`,
): StreamedMultipart {
  const encoder = new TextEncoder();
  let head = '';
  for (const [name, value] of flatten(fields)) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`;
  }
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field ?? 'file')}"; filename="${quote(file.name)}"\r\n` +
    `Content-Type: ${file.type || 'application/octet-stream'}\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const reader = file.stream.getReader();
  let state: 'head' | 'file' | 'done' = 'head';
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (state === 'head') {
        state = 'file';
        controller.enqueue(encoder.encode(head));
        return;
      }
      if (state === 'done') return;
      const { done, value } = await reader.read();
      if (done) {
        state = 'done';
        controller.enqueue(encoder.encode(tail));
        controller.close();
      } else {
        controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
