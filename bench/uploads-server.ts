// The local server in a process of its own for bench/cases/uploads.ts, so its memory is measured
// apart from the client's. Prints its address and idle RSS, then on a line "rss" on stdin prints
// its peak RSS and CPU time and exits. With a second argument (MB/s), requests reach it through a
// TCP proxy in this process that passes at most that many bytes per second towards the server, all
// connections together: a link as slow as one to the real API can be.
import { connect, createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { startLocalServer } from '../dist/testing.js';

const dataDir = process.argv[2]!;
const linkMBps = process.argv[3] ? Number(process.argv[3]) : undefined;
const server = await startLocalServer({ dataDir, maxFileBytes: 8 * 1024 ** 3 });
const mb = (bytes: number) => bytes / 2 ** 20;

async function throttled(target: URL, bytesPerSecond: number): Promise<string> {
  // When the link is next free: each chunk takes it for size / rate seconds.
  let free = performance.now();
  const proxy = createServer((client: Socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      free = Math.max(free, performance.now()) + (chunk.byteLength / bytesPerSecond) * 1000;
      const wait = free - performance.now();
      if (wait > 5) {
        client.pause();
        setTimeout(() => client.resume(), wait);
      }
    });
    client.on('end', () => upstream.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as { port: number };
  return `http://127.0.0.1:${port}${target.pathname}`;
}

const baseUrl = linkMBps
  ? await throttled(new URL(server.baseUrl), linkMBps * 2 ** 20)
  : server.baseUrl;
process.stdout.write(
  `${JSON.stringify({ baseUrl, apiKey: server.apiKey, idleMB: mb(process.memoryUsage().rss) })}\n`,
);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'rss') {
    // maxRSS is in kilobytes.
    const cpu = process.cpuUsage();
    process.stdout.write(
      `${JSON.stringify({ peakMB: process.resourceUsage().maxRSS / 1024, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`,
    );
    await server.close();
    process.exit(0);
  }
}
