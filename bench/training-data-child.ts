// Runs one way of reading a JSONL file in a fresh process and prints its time, CPU time and peak RSS, so
// each contender's memory is measured alone. Used by bench/cases/training-data.ts.
import { createReadStream, readFileSync } from 'node:fs';
import { validateTrainingFile } from '../dist/node.js';

const [mode, path] = process.argv.slice(2) as [string, string];
const start = performance.now();
if (mode === 'naive') {
  // What a hand-written check usually does: read the whole file, split, parse every line.
  let examples = 0;
  for (const line of readFileSync(path, 'utf8').split('\n'))
    if (line && JSON.parse(line)) examples += 1;
  if (examples === 0) throw new Error('no examples');
} else if (mode === 'naive-stream') {
  // The same, streamed (for files too big to hold as one string).
  let examples = 0;
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line && JSON.parse(line)) examples += 1;
  }
  if (rest && JSON.parse(rest)) examples += 1;
  if (examples === 0) throw new Error('no examples');
} else if (mode.startsWith('sdk')) {
  // sdk, sdk-single, sdk-no-tokens
  const report = await validateTrainingFile(path, {
    method: 'supervised',
    ...(mode === 'sdk-no-tokens' ? { countTokens: false } : {}),
    ...(mode === 'sdk-single' ? { workers: 0 } : {}),
  });
  if (!report.valid) throw new Error('expected a valid file');
} else if (mode !== 'idle') throw new Error(`unknown mode ${mode}`);
// maxRSS is in kilobytes.
// CPU time of every thread of the process (workers included): what the work costs, whatever
// share of the machine the process got.
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    ms: performance.now() - start,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakMB: process.resourceUsage().maxRSS / 1024,
  }),
);
