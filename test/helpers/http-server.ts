// What every hand-written test server shares: a node:http server on 127.0.0.1 (loopback only) at
// a free port, its addresses, and a close that ends open connections first, since a keep-alive
// or hanging one would hold `server.close()` open. The servers built on it (fault-server,
// job-server, events-server, the CLI's fake API, the legacy event stream, the upload proxy, the
// webhook receiver) exist for misbehaviour the local server (`startLocalServer`) does not offer;
// a test that needs only normal API answers uses the local server (./local-server.ts).
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalHttp {
  server: Server;
  port: number;
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  /** The origin with `/v1`, as the SDK's `baseUrl` takes it. */
  baseUrl: string;
  /** Ends every open connection, then closes the server. */
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 at a free port. */
export async function listenLocal(handler: RequestListener): Promise<LocalHttp> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    server,
    port,
    origin,
    baseUrl: `${origin}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
