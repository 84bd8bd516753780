// Runs one way of reading a JSONL file in a fresh process and prints its peak RSS, so each
// contender's memory is measured alone. Used by bench/cases/training-data.ts.
import { readFileSync } from 'node:fs';
import { validateTrainingFile } from '../dist/node.js';

const [mode, path] = process.argv.slice(2) as [string, string];
if (mode === 'naive') {
  // What a hand-written check usually does: read the whole file, split, parse every line.
  let examples = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) if (line && JSON.parse(line)) examples += 1;
  if (examples === 0) throw new Error('no examples');
} else if (mode === 'sdk') {
  const report = await validateTrainingFile(path, { method: 'supervised' });
  if (!report.valid) throw new Error('expected a valid file');
} else if (mode === 'sdk-no-tokens') {
  const report = await validateTrainingFile(path, { method: 'supervised', countTokens: false });
  if (!report.valid) throw new Error('expected a valid file');
} else if (mode !== 'idle') throw new Error(`unknown mode ${mode}`);
// maxRSS is in kilobytes.
process.stdout.write(JSON.stringify({ peakMB: process.resourceUsage().maxRSS / 1024 }));
