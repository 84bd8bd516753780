// The answer of an attempt, read whole under the attempt's timeout, handed on as the same Response
// object: its body methods are replaced on the instance so they serve the bytes already read.
// Building a new Response instead costs as much again as the rest of the transport on a small JSON
// answer (measured in bench/cases/transport.ts). Anyone reading it (text, json, arrayBuffer, blob,
// bytes, body, clone) sees a normal, unread Response.

const decoder = new TextDecoder();

export function buffered(response: Response, bytes: ArrayBuffer): Response {
  let used = false;
  const take = (): Uint8Array => {
    if (used) throw new TypeError('Body is unusable: Body has already been read');
    used = true;
    return new Uint8Array(bytes);
  };
  const settle = <T>(read: () => T): Promise<T> => {
    try {
      return Promise.resolve(read());
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const type = () => response.headers.get('content-type') ?? '';
  Object.defineProperties(response, {
    bodyUsed: { get: () => used, configurable: true },
    body: {
      get: () => {
        if (bytes.byteLength === 0) return null;
        const chunk = take();
        return new ReadableStream({
          start(controller) {
            controller.enqueue(chunk);
            controller.close();
          },
        });
      },
      configurable: true,
    },
    text: { value: () => settle(() => decoder.decode(take())), configurable: true },
    json: { value: () => settle(() => JSON.parse(decoder.decode(take())) as unknown), configurable: true },
    arrayBuffer: { value: () => settle(() => take().slice().buffer), configurable: true },
    bytes: { value: () => settle(() => take().slice()), configurable: true },
    blob: { value: () => settle(() => new Blob([take().slice()], { type: type() })), configurable: true },
    clone: {
      value: () => {
        if (used) throw new TypeError('Response.clone: Body has already been consumed.');
        return new Response(bytes.byteLength > 0 ? bytes.slice(0) : null, response);
      },
      configurable: true,
    },
  });
  return response;
}
