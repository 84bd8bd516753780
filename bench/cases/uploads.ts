// Large uploads against the local server with dataDir, on a generated JSONL file (1 GB; set
// BENCH_UPLOAD_MB to change it) in a temp dir that is deleted afterwards. Every contender runs in
// a fresh client process against a fresh server process, so each side's peak RSS is its own.
// Rows: wall time against the floor (raw fetch, the file streamed in one request; both as the
// median of three rounds), client peak RSS (and on a file twice the size), server RSS growth
// (peak minus idle), CPU time, validate-and-upload against validating alone, and one request
// against parts at a few sizes (where the default threshold comes from), and validate-and-upload
// over a link slower than validating.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { median, type CaseResult } from '../lib.ts';
import { inContainer } from '../uploads-container.ts';

const TARGET_MB = Number(process.env.BENCH_UPLOAD_MB ?? 1024);
/** Bytes of parts in flight with uploadFile's defaults (concurrency 4 x partSize 16 MB), in MB. */
const IN_FLIGHT_MB = 64;
/** The link speed of the slow-link rows, in MB/s (BENCH_UPLOAD_LINK_MBPS). */
const LINK_MBPS = Number(process.env.BENCH_UPLOAD_LINK_MBPS ?? 30);
/** Sizes at which one request and an Upload in parts are compared (capped by the file's size). */
const THRESHOLD_MB = [16, 64, 128, 256].filter((mb) => mb <= TARGET_MB);

export async function generate(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  const words =
    'the quick brown fox jumps over a lazy dog while seven wizards quietly judge boxing matches'.split(
      ' ',
    );
  for (let i = 0, written = 0; written < bytes; i++) {
    const text = Array.from(
      { length: 20 + (i % 80) },
      (_, k) => words[(i * 31 + k * 7) % words.length],
    ).join(' ');
    const line = `${JSON.stringify({
      messages: [
        { role: 'user', content: `Question ${i}: ${text}?` },
        { role: 'assistant', content: `Answer ${i}: ${text.slice(0, 200)}.` },
      ],
    })}\n`;
    written += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface Run {
  ms: number;
  clientMB: number;
  serverGrowthMB: number;
  /** CPU time of the client and of the server process (all their threads), in seconds. */
  clientCpuS: number;
  serverCpuS: number;
}

const script = (name: string) => fileURLToPath(new URL(`../${name}`, import.meta.url));

async function run(mode: string, path: string, dir: string, linkMBps?: number): Promise<Run> {
  const dataDir = join(dir, `data-${mode}`);
  mkdirSync(dataDir);
  const args = [script('uploads-server.ts'), dataDir, ...(linkMBps ? [String(linkMBps)] : [])];
  const server = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: server.stdout! })[Symbol.asyncIterator]();
  const { baseUrl, apiKey, idleMB } = JSON.parse((await lines.next()).value as string) as {
    baseUrl: string;
    apiKey: string;
    idleMB: number;
  };
  try {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', script('uploads-client.ts'), mode, path, baseUrl, apiKey],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    const client = JSON.parse(out) as { ms: number; peakMB: number; cpuMs: number };
    server.stdin!.write('rss\n');
    const { peakMB, cpuMs } = JSON.parse((await lines.next()).value as string) as {
      peakMB: number;
      cpuMs: number;
    };
    return {
      ms: client.ms,
      clientMB: client.peakMB,
      serverGrowthMB: peakMB - idleMB,
      clientCpuS: client.cpuMs / 1000,
      serverCpuS: cpuMs / 1000,
    };
  } finally {
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs each mode `rounds` times, alternating their order; each field is the median of its rounds. */
async function rounds(
  modes: string[],
  count: number,
  path: string,
  dir: string,
  linkMBps?: number,
): Promise<Record<string, Run>> {
  const runs: Record<string, Run[]> = Object.fromEntries(modes.map((m) => [m, []]));
  for (let round = 0; round < count; round++) {
    for (const mode of round % 2 ? [...modes].reverse() : modes) {
      process.stderr.write(
        `  uploads: ${mode} on ${basename(path)}${linkMBps ? ` over ${linkMBps} MB/s` : ''} (${round + 1}/${count})…\n`,
      );
      runs[mode]!.push(await run(mode, path, dir, linkMBps));
    }
  }
  const mid = (mode: string, key: keyof Run) => median(runs[mode]!.map((r) => r[key]));
  return Object.fromEntries(
    modes.map((m) => [
      m,
      {
        ms: mid(m, 'ms'),
        clientMB: mid(m, 'clientMB'),
        serverGrowthMB: mid(m, 'serverGrowthMB'),
        clientCpuS: mid(m, 'clientCpuS'),
        serverCpuS: mid(m, 'serverCpuS'),
      },
    ]),
  );
}

/** The first `bytes` of `from`, cut at a line end. */
function head(from: string, to: string, bytes: number): void {
  const fd = openSync(from, 'r');
  const buffer = Buffer.alloc(bytes);
  const read = readSync(fd, buffer, 0, bytes, 0);
  closeSync(fd);
  writeFileSync(to, buffer.subarray(0, buffer.lastIndexOf(10, read - 1) + 1));
}

const cpu = (r: Run) => r.clientCpuS + r.serverCpuS;

/** `openai-ft files upload` (validating) of the file inside a 512 MB cgroup, where one can be made. */
async function containerRow(path: string, dir: string): Promise<CaseResult[]> {
  const dataDir = join(dir, 'data-container');
  mkdirSync(dataDir);
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', script('uploads-server.ts'), dataDir],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  try {
    const lines = createInterface({ input: server.stdout! })[Symbol.asyncIterator]();
    const { baseUrl, apiKey } = JSON.parse((await lines.next()).value as string) as {
      baseUrl: string;
      apiKey: string;
    };
    process.stderr.write(`  uploads: openai-ft files upload in a 512 MB cgroup…\n`);
    const result = await inContainer(
      512,
      fileURLToPath(new URL('../../dist/cli.mjs', import.meta.url)),
      ['files', 'upload', path],
      {
        OPENAI_API_KEY: apiKey,
        OPENAI_BASE_URL: baseUrl,
      },
    );
    const name = `openai-ft files upload (validating) ${(statSync(path).size / 2 ** 30).toFixed(2)} GB in a 512 MB container`;
    if ('skipped' in result) {
      // Visible in the table: the row is there, with why it could not run.
      return [
        {
          name,
          unit: 'MB',
          baseline: 512,
          sdk: Number.NaN,
          ratio: Number.NaN,
          note: `SKIPPED: ${result.skipped}`,
        },
      ];
    }
    return [
      {
        name,
        unit: 'MB',
        baseline: 512,
        sdk: result.peakMB,
        ratio: result.peakMB / 512,
        others: { seconds: result.ms / 1000 },
        note: `baseline: the cgroup's memory limit (${result.version}); sdk: the cgroup's peak usage (page cache of the file read included); ${result.ok ? 'finished inside it' : `FAILED: ${result.why}`}; target: finishes`,
      },
    ];
  } finally {
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function uploads(): Promise<CaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-uploads-'));
  try {
    const path = join(dir, 'train.jsonl');
    await generate(path, TARGET_MB * 2 ** 20);
    const gb = `${(statSync(path).size / 2 ** 30).toFixed(2)} GB`;
    // The two the target compares: three rounds each, medians.
    const r: Record<string, Run> = await rounds(['floor', 'uploadFile', 'idle'], 3, path, dir);
    for (const mode of [
      'openai-files',
      'openai-uploads',
      'validate',
      'one-pass',
      'validate-then-upload',
    ])
      Object.assign(r, await rounds([mode], 1, path, dir));
    // Over a link slower than validating (as one to the real API can be): the upload is then the
    // slower of the two, and the machine's cores have room for both.
    const link = await rounds(
      ['uploadFile', 'one-pass', 'validate-then-upload'],
      1,
      path,
      dir,
      LINK_MBPS,
    );
    // Twice the size, for the client's memory: it must not grow with the file.
    const double = join(dir, 'train2.jsonl');
    await generate(double, 2 * TARGET_MB * 2 ** 20);
    const twice = (await rounds(['uploadFile'], 1, double, dir)).uploadFile!;
    const gb2 = `${(statSync(double).size / 2 ** 30).toFixed(2)} GB`;
    rmSync(double, { force: true });
    // Where one request stops being the faster way: the default threshold.
    const sweep: CaseResult[] = [];
    for (const mb of THRESHOLD_MB) {
      const small = join(dir, `train-${mb}.jsonl`);
      head(path, small, mb * 2 ** 20);
      const t = await rounds(['one-request', 'in-parts'], 3, small, dir);
      sweep.push({
        name: `upload ${mb} MB: one request vs parts`,
        unit: 'ms',
        baseline: t['one-request']!.ms,
        sdk: t['in-parts']!.ms,
        ratio: t['in-parts']!.ms / t['one-request']!.ms,
        note: 'baseline: uploadFile through files.create (threshold above the size); sdk: as an Upload in parts (threshold 0); median of 3; where the ratio falls below 1 is where the default threshold belongs',
      });
      rmSync(small, { force: true });
    }
    const pick = (key: keyof Run, modes: string[]) =>
      Object.fromEntries(modes.map((m) => [m, r[m]![key]]));
    const others = ['openai-files', 'openai-uploads'];
    return [
      {
        name: `upload ${gb}: wall time`,
        unit: 'ms',
        baseline: r.floor!.ms,
        sdk: r.uploadFile!.ms,
        ratio: r.uploadFile!.ms / r.floor!.ms,
        others: pick('ms', others),
        note: 'baseline: raw fetch, file streamed in one request; sdk: uploadFile (parts); median of 3 rounds (others: 1); target <= 1x',
      },
      {
        name: `upload ${gb}: client peak RSS`,
        unit: 'MB',
        baseline: r.floor!.clientMB,
        sdk: r.uploadFile!.clientMB,
        ratio: r.uploadFile!.clientMB / r.floor!.clientMB,
        others: pick('clientMB', others),
        note: 'each in a fresh process',
      },
      {
        name: `uploadFile ${gb}: client RSS growth vs bytes in flight`,
        unit: 'MB',
        baseline: IN_FLIGHT_MB,
        sdk: r.uploadFile!.clientMB - r.idle!.clientMB,
        ratio: (r.uploadFile!.clientMB - r.idle!.clientMB) / IN_FLIGHT_MB,
        others: { 'idle client': r.idle!.clientMB, 'uploadFile peak': r.uploadFile!.clientMB },
        note: 'baseline: bytes of parts in flight with the defaults (4 x 16 MB); sdk: peak RSS minus that of a client that loads the same modules and sends nothing; target <= 2x',
      },
      ...(await containerRow(path, dir)),
      {
        name: `uploadFile client peak RSS: ${gb} vs ${gb2}`,
        unit: 'MB',
        baseline: r.uploadFile!.clientMB,
        sdk: twice.clientMB,
        ratio: twice.clientMB / r.uploadFile!.clientMB,
        note: `uploadFile on a file twice the size (sent in ${(twice.ms / 1000).toFixed(1)} s); target: within 10% (0.90x-1.10x)`,
      },
      {
        name: `upload ${gb}: server RSS growth`,
        unit: 'MB',
        baseline: r.floor!.serverGrowthMB,
        sdk: r.uploadFile!.serverGrowthMB,
        ratio: r.uploadFile!.serverGrowthMB / Math.max(1, r.floor!.serverGrowthMB),
        others: pick('serverGrowthMB', others),
        note: 'server peak minus idle RSS, dataDir; target: a part or two (64-128 MB)',
      },
      {
        name: `upload ${gb}: CPU time, client + server`,
        unit: 's',
        baseline: cpu(r.floor!),
        sdk: cpu(r.uploadFile!),
        ratio: cpu(r.uploadFile!) / cpu(r.floor!),
        others: {
          'uploadFile client': r.uploadFile!.clientCpuS,
          'uploadFile server': r.uploadFile!.serverCpuS,
          'floor client': r.floor!.clientCpuS,
          'floor server': r.floor!.serverCpuS,
        },
        note: 'all threads of both processes; both run on the same cores as the local server',
      },
      {
        name: `validate + upload ${gb}: wall time`,
        unit: 'ms',
        baseline: r.validate!.ms,
        sdk: r['one-pass']!.ms,
        ratio: r['one-pass']!.ms / r.validate!.ms,
        others: { 'validate then upload': r['validate-then-upload']!.ms },
        note: 'baseline: validating alone; sdk: uploadTrainingFile({ validate }) in one read; target <= 1.15x',
      },
      {
        name: `validate + upload ${gb}: CPU time, client + server`,
        unit: 's',
        baseline: cpu(r.validate!),
        sdk: cpu(r['one-pass']!),
        ratio: cpu(r['one-pass']!) / cpu(r.validate!),
        others: {
          'validate then upload': cpu(r['validate-then-upload']!),
          'uploadFile alone': cpu(r.uploadFile!),
        },
        note: `the work done, all threads of client and server; on ${availableParallelism()} cores shared by both, the one-pass wall time cannot be less than its CPU time / ${availableParallelism()}`,
      },
      {
        name: `validate + upload ${gb} over a ${LINK_MBPS} MB/s link: wall time`,
        unit: 'ms',
        baseline: Math.max(r.validate!.ms, link.uploadFile!.ms),
        sdk: link['one-pass']!.ms,
        ratio: link['one-pass']!.ms / Math.max(r.validate!.ms, link.uploadFile!.ms),
        others: {
          'validate then upload': link['validate-then-upload']!.ms,
          'uploadFile alone': link.uploadFile!.ms,
          'validating alone': r.validate!.ms,
        },
        note: 'baseline: the slower of validating alone and uploading alone over the link (a TCP proxy in the server process); sdk: uploadTrainingFile({ validate }); target: approach the slower, not the sum',
      },
      {
        name: `validate + upload ${gb}: client peak RSS`,
        unit: 'MB',
        baseline: r.validate!.clientMB,
        sdk: r['one-pass']!.clientMB,
        ratio: r['one-pass']!.clientMB / r.validate!.clientMB,
        others: { 'validate then upload': r['validate-then-upload']!.clientMB },
      },
      ...sweep,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
