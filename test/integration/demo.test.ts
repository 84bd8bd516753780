// `npm run demo`: the whole flow against the local server ends in a model name; `--live` refuses
// to spend money without a key or a confirmation (nothing is sent in these cases).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DEMO = fileURLToPath(new URL('../../scripts/demo.ts', import.meta.url));

function demo(args: string[], env: Record<string, string | undefined> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', DEMO, ...args], {
    encoding: 'utf8',
    input: '',
    timeout: 60_000,
    env: { ...process.env, OPENAI_API_KEY: undefined, ...env },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('npm run demo', () => {
  it('validates, uploads, trains, lists checkpoints and prints the model name', () => {
    const { code, out, err } = demo([]);
    expect(code, err).toBe(0);
    const steps = [
      '1. Validate examples/train.jsonl',
      '2. Upload it',
      '3. Create a fine-tuning job',
      '4. Follow it',
      '5. Checkpoints',
    ];
    const positions = steps.map((s) => out.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // The warning is named, with what to do about it; n_epochs "auto" on 12 examples is 8 epochs,
    // in the estimate and in the job: the figures agree.
    const billed = out.match(
      /12 supervised chat examples, 1 warning:\n {3}warning few_examples: The file has 12 examples; .+\n {3}\d+ tokens \(o200k_base\); about (\d+) billed tokens for 8 epochs\./,
    );
    expect(billed, out).not.toBeNull();
    expect(out).toContain(`(${billed![1]} trained tokens;`);
    expect(out).toContain('→ status: succeeded');
    expect(out).toMatch(
      /Fine-tuned model: ft:gpt-4o-mini-2024-07-18:org-local:demo:[A-Za-z0-9]{8}\n/,
    );
  });

  it('--live without OPENAI_API_KEY says what is missing', () => {
    const { code, err } = demo(['--live']);
    expect(code).toBe(1);
    expect(err).toContain('--live needs OPENAI_API_KEY');
  });

  it('--live without a terminal or --yes stops before sending anything', () => {
    const { code, out, err } = demo(['--live'], { OPENAI_API_KEY: 'sk-not-used' });
    expect(code).toBe(1);
    expect(out).toContain('costs money');
    expect(err).toContain('Pass --yes');
  });
});
