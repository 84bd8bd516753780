// A Response whose body has already been read, under the attempt's timeout. Reading it again
// costs nothing: the bytes are kept, so `text()` does not go through a second stream. It behaves
// as a normal Response for anyone reading it (text, json, arrayBuffer, blob, bytes, body, clone).

const decoder = new TextDecoder();

export class BufferedResponse extends Response {
  readonly #bytes: Uint8Array;
  readonly #headers: Headers;
  #used = false;

  constructor(bytes: ArrayBuffer, source: Response) {
    super(null, { status: source.status, statusText: source.statusText });
    this.#bytes = new Uint8Array(bytes);
    // The source's headers, as they are: copying them into a new Headers costs more than the rest.
    this.#headers = source.headers;
  }

  override get headers(): Headers {
    return this.#headers;
  }
  override get bodyUsed(): boolean {
    return this.#used;
  }
  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#bytes.byteLength === 0) return null;
    const bytes = this.#take();
    return new ReadableStream({
      start(controller) {
        controller.enqueue(bytes as Uint8Array<ArrayBuffer>);
        controller.close();
      },
    });
  }

  #take(): Uint8Array {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#bytes;
  }

  override text(): Promise<string> {
    try {
      return Promise.resolve(decoder.decode(this.#take()));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  override json(): Promise<any> {
    return this.text().then(JSON.parse);
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    try {
      const bytes = this.#take();
      return Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.arrayBuffer().then((b) => new Uint8Array(b));
  }
  override blob(): Promise<Blob> {
    const type = this.#headers.get('content-type') ?? '';
    return this.arrayBuffer().then((b) => new Blob([b], { type }));
  }
  override clone(): Response {
    if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(this.#bytes.slice().buffer as ArrayBuffer, this);
  }
}
