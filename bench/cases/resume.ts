// Resuming an interrupted upload with validation (`openai-ft files upload --resume`, #30): the
// time to finish it from a validation checkpoint against the full run, on a generated JSONL file
// (32 MB; BENCH_RESUME_MB to change it) sent in 4 MB parts to the local server over a link of
// 8 MB/s (each part request held for its share of time: on loopback the parts would all be sent
// long before the validator finishes, and an upload waiting only for its validation is not
// resumable). The upload is interrupted once 90% of its parts are sent; both resumes then send
// the same missing parts, one continuing the validation from its checkpoint, the other checking
// every line again (what --resume did before, without counting tokens). One round each.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FineTuning } from '../../dist/index.js';
import {
  uploadTrainingFile,
  UploadInterruptedError,
  type UploadResumeState,
  type ValidationCheckpoint,
} from '../../dist/node.js';
import { startLocalServer } from '../../dist/testing.js';
import type { BenchCase } from '../lib.ts';
import { generate } from './uploads.ts';

const MB = Number(process.env.BENCH_RESUME_MB ?? 32);
const PARTS = { threshold: 1 << 20, partSize: 4 << 20, concurrency: 2 };
const INTERRUPT_AT = 0.9;
const LINK_BYTES_PER_MS = 8e6 / 1000;

const run: BenchCase = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ft-bench-resume-'));
  const path = join(dir, 'train.jsonl');
  const server = await startLocalServer();
  try {
    await generate(path, MB << 20);
    const size = statSync(path).size;
    const link: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith('/parts'))
        await new Promise((r) => setTimeout(r, PARTS.partSize / LINK_BYTES_PER_MS));
      return fetch(input, init);
    };
    const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey, fetch: link });
    const parts = Math.ceil(size / PARTS.partSize);
    const validate = { method: 'supervised' } as const;
    const timed = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };

    const full = await timed(() => uploadTrainingFile(ft, path, { ...PARTS, validate }));

    /** An upload stopped once INTERRUPT_AT of its parts are sent, and its state. */
    const interrupted = async () => {
      const stop = new AbortController();
      let checkpoint: ValidationCheckpoint | undefined;
      try {
        await uploadTrainingFile(ft, path, {
          ...PARTS,
          resumable: true,
          signal: stop.signal,
          onPart: (state) => {
            if (state.parts.filter(Boolean).length >= INTERRUPT_AT * parts)
              stop.abort(new Error('interrupted'));
          },
          validate: { ...validate, onCheckpoint: (c) => (checkpoint = c) },
        });
      } catch (error) {
        if (error instanceof UploadInterruptedError && error.resume && checkpoint)
          return { resume: error.resume as UploadResumeState, checkpoint };
        throw error;
      }
      throw new Error('the upload finished before it could be interrupted');
    };

    const fromCheckpoint = await interrupted();
    const resumed = await timed(() =>
      uploadTrainingFile(ft, path, {
        ...PARTS,
        resume: fromCheckpoint.resume,
        validate: { ...validate, countTokens: false, resumeFrom: fromCheckpoint.checkpoint },
      }),
    );
    const again = await interrupted();
    const everyLine = await timed(() =>
      uploadTrainingFile(ft, path, {
        ...PARTS,
        resume: again.resume,
        validate: { ...validate, countTokens: false },
      }),
    );
    const sent = (r: UploadResumeState) => r.parts.filter(Boolean).length;
    return [
      {
        name: `upload --resume with validation, ${(size / 1e6).toFixed(1)} MB at 8 MB/s, interrupted at ${INTERRUPT_AT * 100}% of the parts`,
        unit: 'ms',
        baseline: full,
        sdk: resumed,
        ratio: resumed / full,
        others: { 'resume checking every line again': everyLine },
        note: `baseline: the whole upload with validation; sdk: the resume from the validation checkpoint (${(fromCheckpoint.checkpoint.bytes / 1e6).toFixed(1)} MB checked; parts already sent: ${sent(fromCheckpoint.resume)} and ${sent(again.resume)} of ${parts}); one round each`,
      },
    ];
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

export default run;
