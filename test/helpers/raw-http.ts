// Raw HTTP/1.1 over a socket on 127.0.0.1, for requests fetch will not send (malformed heads,
// bodies that never end), and a reader for what comes back (chunked bodies included).
import { connect } from 'node:net';

/** Sends raw bytes on a fresh connection and resolves with the status and body it got back. */
export function rawHttp(
  port: number,
  bytes: string | Buffer,
): Promise<{ status: number; body: string; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer within 5 s'));
    }, 5_000);
    socket.on('data', (c) => chunks.push(c));
    // The server may close while bytes are still being written: what it answered is what counts.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      // Interim answers (100 Continue) come before the final one.
      const text = Buffer.concat(chunks)
        .toString('latin1')
        .replace(/^(?:HTTP\/1\.1 1\d\d [^\r]*\r\n(?:[^\r]+\r\n)*\r\n)+/, '');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const head = text.slice(0, text.indexOf('\r\n\r\n'));
      let body = text.slice(head.length + 4);
      if (/^transfer-encoding: chunked/im.test(head)) body = dechunk(body);
      resolve({ status, body: Buffer.from(body, 'latin1').toString('utf8'), text });
    });
    // Every request says `connection: close`: the server closes once it has answered. The
    // socket is not ended here, so an answer cannot depend on the client finishing its body.
    socket.write(bytes);
  });
}

function dechunk(body: string): string {
  let out = '';
  for (let at = 0; at < body.length; ) {
    const line = body.indexOf('\r\n', at);
    const size = parseInt(body.slice(at, line), 16);
    if (!(size > 0)) break;
    out += body.slice(line + 2, line + 2 + size);
    at = line + 2 + size + 2;
  }
  return out;
}

export function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string | number>,
  body: string | Buffer = '',
): Buffer {
  const head = [
    `${method} ${path} HTTP/1.1`,
    'host: 127.0.0.1',
    'connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return Buffer.concat([
    Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'),
    Buffer.isBuffer(body) ? body : Buffer.from(body),
  ]);
}
