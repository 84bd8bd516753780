// The report's data and page from code: result files as they come (base64, missing columns, one
// step, NaN values), failed and running jobs, a sweep sorted by a metric, eval comparisons, and
// every user-controlled value escaped. HTTP mocked with nock; the browser tests are in
// browser.test.ts.
import { describe, expect, it } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import {
  buildReport,
  checkEvalComparison,
  collectReport,
  decodeResultFile,
  escapeHtml,
  type EvalComparison,
  parseResultFile,
  priceFor,
  ReportInputError,
  renderReport,
  smooth,
} from '../../src/report/index.ts';
import { BASE, BASE_URL, nock, useNock } from '../helpers/nock.ts';
import { FULL_HEADER, fullCsv, jobBody, mockJob } from './mock-api.ts';

useNock();
const ft = new FineTuning({ baseUrl: BASE_URL, apiKey: 'sk-test', maxRetries: 0 });

describe('parseResultFile', () => {
  it('reads every column of a real result file, leaving unmeasured steps empty', () => {
    const rows = parseResultFile(fullCsv(10));
    expect(rows.step).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows.values.full_valid_loss.filter((v) => v !== null)).toHaveLength(2);
    expect(rows.values.valid_loss.every((v) => typeof v === 'number')).toBe(true);
    expect(rows.notes).toEqual([]);
  });

  it('decodes base64 as the API serves it, and keeps plain CSV as it is', () => {
    const csv = fullCsv(3);
    expect(decodeResultFile(Buffer.from(csv).toString('base64'))).toBe(csv);
    expect(decodeResultFile(csv)).toBe(csv);
  });

  it('reads an older file with train_accuracy and no validation columns, and says what is missing', () => {
    const rows = parseResultFile('step,train_loss,train_accuracy\n1,1.5,0.6\n2,1.2,0.7\n');
    expect(rows.values.train_mean_token_accuracy).toEqual([0.6, 0.7]);
    expect(rows.values.valid_loss).toEqual([null, null]);
    expect(rows.notes).toEqual([
      'The result file has no column for valid_loss, valid_mean_token_accuracy.',
    ]);
  });

  it('leaves NaN and other non-numbers out and counts them', () => {
    const rows = parseResultFile(
      `${FULL_HEADER}\n1,nan,0.5,,,0.5,,\n2,1.1,NaN,inf,,0.6,,\nx,1,1,1,1,1,1,1\n`,
    );
    expect(rows.step).toEqual([1, 2]);
    expect(rows.values.train_loss).toEqual([null, 1.1]);
    expect(rows.notes).toEqual([
      '1 row(s) without a numeric step were skipped.',
      '2 value(s) that are not finite numbers (NaN) were left out.',
    ]);
  });

  it('says why there is no curve for an empty file or one without a step column', () => {
    expect(parseResultFile('').notes).toEqual(['The result file is empty.']);
    expect(parseResultFile('loss\n1\n').notes[0]).toMatch(/no `step` column/);
  });
});

describe('smooth and priceFor', () => {
  it('smooths with bias correction, skipping gaps; weight 0 is the raw curve', () => {
    expect(smooth([1, null, 1, 1], 0.9)).toEqual([1, null, 1, 1]);
    expect(smooth([4, 2], 0)).toEqual([4, 2]);
    const s = smooth([2, 0], 0.5) as number[];
    expect(s[1]).toBeCloseTo((0.5 * 0.5 * 2 + 0.5 * 0) / (1 - 0.25), 10);
  });

  it('prices a snapshot and a fine-tuned model by their family, and knows no unknown model', () => {
    expect(priceFor('gpt-4o-mini-2024-07-18')).toBe(3);
    expect(priceFor('gpt-4o-2024-08-06')).toBe(25);
    expect(priceFor('ft:gpt-4.1-nano-2025-04-14:org::abc')).toBe(1.5);
    expect(priceFor('my-model')).toBeUndefined();
  });
});

describe('collectReport', () => {
  it('reads a succeeded job: curves, checkpoints, tokens, duration and cost with its source', async () => {
    mockJob({
      id: 'ftjob-one',
      csv: fullCsv(10),
      checkpoints: [
        { step: 5, metrics: { step: 5, train_loss: 0.6 } },
        { step: 10, metrics: { step: 10, train_loss: 0.4 } },
      ],
    });
    const data = await collectReport(ft, { jobs: ['ftjob-one'], now: new Date(0) });
    const job = data.jobs[0]!;
    expect(job.source).toBe('result-file');
    expect(job.curves.step).toHaveLength(10);
    expect(job.curves.present).toContain('full_valid_loss');
    expect(job.checkpoints.map((c) => c.step)).toEqual([5, 10]);
    expect(job.durationSeconds).toBe(600);
    expect(job.cost.usd).toBeCloseTo(0.36, 10); // 120,000 tokens x $3 per 1M
    expect(job.cost.note).toMatch(/pricing page/);
    expect(data.sortBy.metric).toBe('full_valid_loss');
    expect(data.best).toBe('ftjob-one');
  });

  it('reports a failed job without a result file: its error, no curve, and a note', async () => {
    mockJob({
      id: 'ftjob-failed',
      status: 'failed',
      error: {
        code: 'invalid_training_file',
        message: 'Line 3 is not JSON.',
        param: 'training_file',
      },
    });
    const data = await collectReport(ft, { jobs: ['ftjob-failed'] });
    const job = data.jobs[0]!;
    expect(job.error).toEqual({ code: 'invalid_training_file', message: 'Line 3 is not JSON.' });
    expect(job.source).toBe('none');
    expect(job.curves.present).toEqual([]);
    expect(job.notes[0]).toMatch(/No result file and no metric events \(status failed\)/);
    expect(job.cost.usd).toBeNull();
    expect(data.best).toBeNull();
    expect(renderReport(data)).toContain('No curve to draw.');
  });

  it("draws a running job's curve from its metric events", async () => {
    mockJob({
      id: 'ftjob-running',
      status: 'running',
      events: [2, 1].map((step) => ({
        object: 'fine_tuning.job.event',
        id: `ftevent-${step}`,
        created_at: 1_700_000_000 + step,
        level: 'info',
        message: `Step ${step}/10`,
        type: 'metrics',
        data: { step, train_loss: 2 / step, total_steps: 10 },
      })),
    });
    const job = (await collectReport(ft, { jobs: ['ftjob-running'] })).jobs[0]!;
    expect(job.source).toBe('events');
    expect(job.curves.step).toEqual([1, 2]);
    expect(job.curves.raw.train_loss).toEqual([2, 1]);
    expect(job.durationSeconds).toBeNull();
  });

  it('sorts a sweep by the chosen metric, best first, jobs without it last', async () => {
    const csv = (end: number) => `step,train_loss,valid_loss\n1,2,2\n2,${end},${end + 0.1}\n`;
    nock(BASE)
      .get('/v1/fine_tuning/jobs')
      .query({ 'metadata[sweep]': 'lr', limit: 100 })
      .reply(200, {
        object: 'list',
        data: [
          jobBody({ id: 'ftjob-a', csv: '' }),
          jobBody({ id: 'ftjob-b', csv: '' }),
          jobBody({ id: 'ftjob-c', status: 'failed' }),
        ],
        has_more: false,
      });
    mockJob({ id: 'ftjob-a', csv: csv(0.9) }, { retrieve: false });
    mockJob({ id: 'ftjob-b', csv: csv(0.4) }, { retrieve: false });
    mockJob({ id: 'ftjob-c', status: 'failed' }, { retrieve: false });
    const data = await collectReport(ft, { metadata: { sweep: 'lr' }, sortBy: 'valid_loss' });
    expect(data.order).toEqual(['ftjob-b', 'ftjob-a', 'ftjob-c']);
    expect(data.best).toBe('ftjob-b');
    expect(data.sortBy).toEqual({ metric: 'valid_loss', lowerIsBetter: true });
  });

  it('says when a tag matches no job, and refuses bad options before any request', async () => {
    nock(BASE)
      .get('/v1/fine_tuning/jobs')
      .query(true)
      .reply(200, { object: 'list', data: [], has_more: false });
    await expect(collectReport(ft, { metadata: { sweep: 'nope' } })).rejects.toThrow(
      /no job has the metadata sweep=nope/,
    );
    const bad = [
      [{}, /name the jobs to report on/],
      [{ jobs: ['ftjob-a'], smoothing: 1 }, /smoothing must be a number from 0/],
      [{ jobs: ['ftjob-a'], sortBy: 'loss' }, /sortBy must be 'auto' or one of/],
      [{ jobs: ['ftjob-a'], prices: { 'gpt-4o-mini': -1 } }, /prices must map model names/],
      [{ jobs: [''] }, /jobs must be an array of job ids/],
    ] as const;
    for (const [options, message] of bad) {
      const error = await collectReport(ft, options as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReportInputError);
      expect((error as Error).message).toMatch(message);
    }
  });
});

const comparison: EvalComparison = {
  evalId: 'eval_1',
  models: [
    {
      model: 'gpt-4o-mini',
      runId: 'evalrun_1',
      status: 'completed',
      criteria: [
        { name: 'exact', passed: 6, failed: 4, errored: 0, passRate: 0.6, meanScore: null },
      ],
    },
    {
      model: 'ft:gpt-4o-mini:org::abc',
      runId: 'evalrun_2',
      status: 'completed',
      criteria: [
        { name: 'exact', passed: 9, failed: 1, errored: 0, passRate: 0.9, meanScore: 0.91 },
      ],
      usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
    },
  ],
  items: [
    {
      index: 0,
      item: { q: 'a' },
      passedBy: ['ft:gpt-4o-mini:org::abc'],
      failedBy: ['gpt-4o-mini'],
    },
    {
      index: 1,
      item: { q: 'b' },
      passedBy: ['ft:gpt-4o-mini:org::abc', 'gpt-4o-mini'],
      failedBy: [],
    },
  ],
  best: 'ft:gpt-4o-mini:org::abc',
};

describe('eval comparisons', () => {
  it('accepts the shape ft.evals.compare() returns and names the wrong field otherwise', () => {
    expect(checkEvalComparison(comparison)).toBe(comparison);
    expect(() => checkEvalComparison({ ...comparison, models: [{ model: 'x' }] })).toThrow(
      /models\[0\]\.runId must be a string/,
    );
    expect(() =>
      checkEvalComparison({ ...comparison, items: [{ index: 0, passedBy: 'x', failedBy: [] }] }),
    ).toThrow(/items\[0\]\.passedBy must be an array of model names/);
  });

  it('renders the comparison table and only the items the models disagree on', async () => {
    mockJob({ id: 'ftjob-e', csv: fullCsv(3) });
    const html = await buildReport(ft, { jobs: ['ftjob-e'], evals: comparison });
    expect(html).toContain('Eval eval_1: 2 models');
    expect(html).toContain('90.0% <small>(9/10, mean 0.910)</small>');
    expect(html).toContain('Items the models disagree on: 1 of 2');
    expect(html).toContain('{&quot;q&quot;:&quot;a&quot;}');
    expect(html).not.toContain('{&quot;q&quot;:&quot;b&quot;}');
  });
});

describe('the page', () => {
  const HOSTILE = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">';

  it('escapes every user-controlled value: suffix, metadata, error, eval items', async () => {
    mockJob({
      id: 'ftjob-h',
      csv: fullCsv(3),
      suffix: HOSTILE,
      metadata: { [HOSTILE]: HOSTILE },
      status: 'succeeded',
    });
    const html = await buildReport(ft, {
      jobs: ['ftjob-h'],
      title: HOSTILE,
      evals: {
        ...comparison,
        evalId: HOSTILE,
        items: [{ index: 0, item: HOSTILE, passedBy: [HOSTILE], failedBy: ['gpt-4o-mini'] }],
      },
    });
    expect(html).not.toContain('<script>window.pwned');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(escapeHtml(HOSTILE));
    // The only script elements are uPlot and the page's own (plus the JSON data block).
    expect(html.match(/<script/g)).toHaveLength(3);
    // The data block cannot be closed by a value inside it.
    const block = html.slice(html.indexOf('id="report-data">'), html.indexOf('</script>'));
    expect(block).not.toMatch(/<\/script/i);
    expect(html).toMatch(
      /Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/,
    );
  });

  it('is self-contained: no URL to fetch anything from', async () => {
    mockJob({ id: 'ftjob-s', csv: fullCsv(3) });
    const html = await buildReport(ft, { jobs: ['ftjob-s'] });
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(http/i);
  });
});
