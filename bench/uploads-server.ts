// The local server in a process of its own for bench/cases/uploads.ts, so its memory is measured
// apart from the client's. Prints its address and idle RSS, then on a line "rss" on stdin prints
// its peak RSS and exits.
import { createInterface } from 'node:readline';
import { startLocalServer } from '../dist/testing.js';

const dataDir = process.argv[2]!;
const server = await startLocalServer({ dataDir, maxFileBytes: 8 * 1024 ** 3 });
const mb = (bytes: number) => bytes / 2 ** 20;
process.stdout.write(`${JSON.stringify({ baseUrl: server.baseUrl, apiKey: server.apiKey, idleMB: mb(process.memoryUsage().rss) })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'rss') {
    // maxRSS is in kilobytes.
    const cpu = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ peakMB: process.resourceUsage().maxRSS / 1024, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
    await server.close();
    process.exit(0);
  }
}
