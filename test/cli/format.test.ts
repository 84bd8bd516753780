// The pieces the CLI prints with: tables, the progress bar and ETA, the loss chart, error lines,
// redaction, the follow view, the training-data report and terminal detection.
import { describe, expect, it } from 'vitest';
import { APIError, ConfigurationError, ConnectionError } from '../../src/errors.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { byteProgressLine, etaMs, etaText, progressBar } from '../../src/cli/format/bar.ts';
import { lossChart } from '../../src/cli/format/chart.ts';
import { describeError } from '../../src/cli/format/error.ts';
import { redactText, secretsOf as secretsIn } from '../../src/errors/redact.ts';
import { secretsOf } from '../../src/cli/globals.ts';
import { renderReport } from '../../src/cli/format/report.ts';
import { details, table } from '../../src/cli/format/table.ts';
import { duration, stamp } from '../../src/cli/format/time.ts';
import { detectTty } from '../../src/cli/io.ts';
import { LiveRegion } from '../../src/cli/live/region.ts';
import { initialState, plainLine, reduce, renderFrame } from '../../src/cli/live/view.ts';
import type { FollowUpdate } from '../../src/cli/sdk/follow.ts';
import type { TrainingDataReport } from '../../src/cli/sdk/training-data.ts';

describe('table', () => {
  const rows = [
    { id: 'ftjob-abc', n: 5, note: 'short' },
    { id: 'ftjob-abcdefghijklmnop', n: 12345, note: 'a very long note that\ngoes on' },
  ];
  const text = table(rows, [
    { header: 'id', value: (r) => r.id },
    { header: 'n', value: (r) => String(r.n), right: true },
    { header: 'note', value: (r) => r.note, max: 12 },
  ]);

  it('aligns columns, right-aligns numbers, keeps ids whole and cuts long text', () => {
    expect(text).toBe(
      [
        'ID                          N  NOTE',
        'ftjob-abc                   5  short',
        'ftjob-abcdefghijklmnop  12345  a very long…',
        '',
      ].join('\n'),
    );
  });

  it('details aligns keys and leaves out empty values', () => {
    expect(
      details([
        ['id', 'x'],
        ['fine-tuned model', null],
        ['status', 'running'],
      ]),
    ).toBe('id:      x\nstatus:  running\n');
  });
});

describe('time', () => {
  it('stamps Unix seconds as UTC and leaves missing ones blank', () => {
    expect(stamp(1_700_000_000)).toBe('2023-11-14 22:13:20Z');
    expect(stamp(null)).toBe('');
  });
  it('writes short durations', () => {
    expect([duration(0), duration(12_400), duration(245_000), duration(3_720_000)]).toEqual([
      '0s',
      '12s',
      '4m05s',
      '1h02m',
    ]);
  });
});

describe('progress bar and ETA', () => {
  it('fills in proportion to step/total', () => {
    expect(progressBar(3, 12, 12)).toBe('[███░░░░░░░░░] 3/12  25%');
    expect(progressBar(12, 12, 4)).toBe('[████] 12/12  100%');
    expect(progressBar(undefined, undefined, 4)).toBe('[░░░░] waiting for the first step');
    expect(progressBar(7, undefined)).toBe('step 7');
  });

  it('estimates from the observed pace, or uses the job estimate', () => {
    const samples = [
      { step: 10, at: 0 },
      { step: 20, at: 10_000 },
    ];
    expect(etaMs(samples, 100, 10_000)).toBe(80_000);
    expect(etaText(etaMs(samples, 100, 10_000))).toBe('ETA 1m20s');
    expect(etaMs(samples.slice(0, 1), 100, 0)).toBeUndefined();
    expect(etaMs(samples, 100, 10_000, new Date(70_000))).toBe(60_000);
    expect(etaText(undefined)).toBe('ETA unknown');
  });
});

describe('loss chart', () => {
  const train = Array.from({ length: 50 }, (_, i) => ({ step: i + 1, value: 2 / (i + 1) }));
  const valid = [10, 20, 30, 40, 50].map((step) => ({ step, value: 2 / step + 0.1 }));

  it('draws falling train loss from the top left to the bottom right, within the width', () => {
    const lines = lossChart(train, [], { width: 40, height: 8 });
    expect(lines).toHaveLength(8 + 3);
    expect(lines[0]).toMatch(/^ {2}2\.00 ┤\*/);
    expect(lines[7]).toMatch(/^0\.0400 ┤.*\*$/);
    expect(lines[8]).toMatch(/^ +└─+$/);
    expect(lines[9]).toMatch(/step 1 +step 50$/);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
  });

  it('marks validation points with o, and @ where both fall in one cell', () => {
    const text = lossChart(train, valid, { width: 60, height: 10 }).join('\n');
    expect(text).toMatch(/o/);
    expect(text).toContain('o valid loss');
  });

  it('says so when there is nothing yet, and copes with a flat line', () => {
    expect(lossChart([], [], { width: 40, height: 5 })).toEqual([
      '(the loss chart appears with the first metrics)',
    ]);
    const flat = lossChart(
      [
        { step: 1, value: 1 },
        { step: 2, value: 1 },
      ],
      [],
      { width: 30, height: 3 },
    );
    expect(flat.join('\n')).toContain('*');
  });
});

describe('redact', () => {
  it('removes the keys in force and anything key- or bearer-shaped', () => {
    expect(redactText('key=abcd-1234-custom', ['abcd-1234-custom'])).toBe('key=[redacted]');
    expect(redactText('Incorrect API key provided: sk-proj-AbC123456789', [])).toBe(
      'Incorrect API key provided: sk-[redacted]',
    );
    expect(redactText('Authorization: Bearer tok_123456', [])).toBe(
      'Authorization: Bearer [redacted]',
    );
    expect(redactText('nothing secret', [])).toBe('nothing secret');
  });

  it('removes the value of every credential-named variable, including ones added later (a webhook secret)', () => {
    const env = {
      OPENAI_API_KEY: 'key-one-1234',
      OPENAI_WEBHOOK_SECRET: 'whsec_abcdef',
      OPENAI_BASE_URL: 'http://127.0.0.1:1/v1',
      HOME: '/root',
    };
    expect(secretsIn(env).sort()).toEqual(['key-one-1234', 'whsec_abcdef']);
    const secrets = secretsOf({ apiKey: undefined, adminKey: 'adm-flag-5678' } as never, env);
    expect(
      redactText('a whsec_abcdef b key-one-1234 c adm-flag-5678 d http://127.0.0.1:1/v1', secrets),
    ).toBe('a [redacted] b [redacted] c [redacted] d http://127.0.0.1:1/v1');
  });
});

describe('describeError', () => {
  const apiError = (status: number, body: unknown, requestId = 'req_123') =>
    new APIError({
      status,
      headers: new Headers({ 'x-request-id': requestId }),
      method: 'GET',
      path: '/v1/fine_tuning/jobs/ftjob-1',
      body,
    });

  it('an API error: what failed, status, message, request id and what to do, on one line', () => {
    const line = describeError(
      apiError(404, { error: { message: 'No such job: ftjob-1' } }),
      'jobs get',
      [],
    );
    expect(line).toBe(
      'openai-ft: jobs get failed (GET /v1/fine_tuning/jobs/ftjob-1): HTTP 404: No such job: ftjob-1 [request id req_123]. ' +
        'Check the id; `openai-ft jobs list` and `openai-ft files list` show the ones that exist.',
    );
  });

  it.each([
    ['permissions grant', "`openai-ft jobs checkpoints JOB` lists a job's checkpoints"],
    ['permissions list', "`openai-ft jobs checkpoints JOB` lists a job's checkpoints"],
    ['permissions revoke', '`openai-ft permissions list CHECKPOINT` lists its permission ids'],
    ['models delete', '`openai-ft models list` shows the models'],
    ['files delete', '`openai-ft files list` shows the files'],
  ])('a 404 of %s points at the list that has the id', (command, hint) => {
    const line = describeError(apiError(404, { error: { message: 'not found' } }), command, []);
    expect(line).toContain(hint);
    if (command.startsWith('permissions')) expect(line).not.toContain('files list');
  });

  it.each([
    [401, 'Check the API key'],
    [403, 'admin key'],
    [409, 'jobs get ID'],
    [429, 'wait a moment'],
    [503, 'retry later'],
    [400, 'Fix the request'],
  ])('HTTP %i says what to do', (status, hint) => {
    expect(describeError(apiError(status, 'upstream <b>text</b>'), 'jobs get', [])).toContain(hint);
  });

  it('never prints a key, even when the server echoes it, and shows the stack only with debug', () => {
    const key = 'my-custom-key-value';
    const error = apiError(401, { error: { message: `Incorrect API key provided: ${key}` } });
    const plain = describeError(error, 'jobs list', [key]);
    expect(plain).not.toContain(key);
    expect(plain.split('\n')).toHaveLength(1);
    const debug = describeError(error, 'jobs list', [key], true);
    expect(debug.split('\n').length).toBeGreaterThan(1);
    expect(debug).not.toContain(key);
  });

  it('connection, configuration, usage and unknown errors', () => {
    const refused = new ConnectionError(
      'GET',
      '/v1/files',
      new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }),
    );
    expect(describeError(refused, 'files list', [])).toBe(
      'openai-ft: files list failed: could not reach the server or read its answer (connect ECONNREFUSED). Check the network and --base-url (or OPENAI_BASE_URL).',
    );
    expect(describeError(new ConfigurationError('No fetch.'), 'x', [])).toBe(
      'openai-ft: x failed: No fetch.',
    );
    expect(describeError(new UsageError('bad thing.', 'jobs create'), 'jobs create', [])).toBe(
      'openai-ft: bad thing. See `openai-ft jobs create --help`.',
    );
    expect(describeError(new TypeError('x is undefined'), 'jobs get', [])).toBe(
      'openai-ft: jobs get failed unexpectedly: x is undefined. Re-run with --debug for details.',
    );
  });
});

describe('follow view', () => {
  const job = { id: 'ftjob-1', model: 'gpt-4o-mini', status: 'running' } as never;
  const progress = (step: number) => ({
    status: 'running' as const,
    step,
    totalSteps: 10,
    fraction: step / 10,
    metrics: { step, train_loss: 1 / step },
    trainLoss: 1 / step,
    validLoss: step % 2 === 0 ? 1.1 / step : undefined,
    fullValidLoss: undefined,
    estimatedFinish: undefined,
  });
  const metric = (step: number): FollowUpdate => ({
    type: 'event',
    job,
    progress: progress(step),
    event: {
      id: `e${step}`,
      object: 'fine_tuning.job.event',
      created_at: 1_700_000_000 + step,
      level: 'info',
      message: `Step ${step}/10`,
      type: 'metrics',
      data: {
        step,
        total_steps: 10,
        train_loss: 1 / step,
        ...(step % 2 === 0 ? { valid_loss: 1.1 / step } : {}),
      },
    },
  });

  it('collects loss points and step timings, and renders bar, losses, chart and the latest message', () => {
    let state = initialState('ftjob-1');
    for (let step = 1; step <= 4; step++) state = reduce(state, metric(step), step * 1000);
    expect(state.train.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(state.valid.map((p) => p.step)).toEqual([2, 4]);
    const frame = renderFrame(state, { columns: 80, now: 4000, chartHeight: 5 });
    expect(frame[0]).toBe('ftjob-1  running  gpt-4o-mini');
    expect(frame[1]).toMatch(/^\[█+░+\] 4\/10 {2}40% {2}ETA 6s$/);
    expect(frame[2]).toBe('train loss 0.2500   valid loss 0.2750');
    expect(frame.at(-1)).toBe('latest: Step 4/10');
    expect(frame.every((l) => l.length <= 80)).toBe(true);
  });

  it('keeps the last validation loss on screen between validation steps', () => {
    let state = initialState('ftjob-1');
    for (let step = 1; step <= 5; step++) state = reduce(state, metric(step), step);
    expect(renderFrame(state, { columns: 80, now: 5 })[2]).toBe(
      'train loss 0.2000   valid loss 0.2750',
    );
  });

  it('plain lines: steps with their losses, status changes, other events', () => {
    expect(plainLine(metric(2))).toBe(
      '2023-11-14 22:13:22Z  step    2/10 train_loss=0.5000 valid_loss=0.5500',
    );
    const status: FollowUpdate = {
      type: 'status',
      status: 'succeeded',
      previous: 'running',
      job,
      progress: progress(10),
    };
    expect(plainLine(status)).toMatch(/Z {2}status {2}running -> succeeded$/);
  });

  it('the live region moves back over the last frame before drawing the next', () => {
    let written = '';
    const region = new LiveRegion({ write: (s: string) => (written += s) });
    region.draw(['a', 'b']);
    region.draw(['c']);
    region.close();
    expect(written).toBe('\x1b[?25la\nb\n\x1b[2F\x1b[Jc\n\x1b[?25h');
  });
});

describe('byte progress', () => {
  it('a bar with size, percent, MB/s, ETA and lines; without a total, no bar', () => {
    const MB = 2 ** 20;
    expect(
      byteProgressLine({ bytes: 120 * MB, totalBytes: 480 * MB, lines: 301_234 }, 2_000, 8),
    ).toBe('[██░░░░░░] 120.0/480.0 MB  25%  60.0 MB/s  ETA 6s  301,234 lines');
    expect(byteProgressLine({ bytes: 3 * MB, totalBytes: undefined, lines: 10 }, 1_000)).toBe(
      '3.0 MB  3.0 MB/s  10 lines',
    );
    expect(byteProgressLine({ bytes: 0, totalBytes: MB, lines: 0 }, 0, 4)).toBe(
      '[░░░░] 0.0/1.0 MB  0%  0.0 MB/s  ETA unknown  0 lines',
    );
  });
});

describe('training-data report', () => {
  const report: TrainingDataReport = {
    method: 'supervised',
    model: 'gpt-4o-mini-2024-07-18',
    valid: false,
    errors: [
      {
        line: 3,
        path: '$.messages[1].role',
        code: 'invalid_value',
        message: '`role` is "bot".',
        fix: 'Use user, assistant or system.',
      },
    ],
    warnings: [
      {
        line: null,
        path: '$',
        code: 'few_examples',
        message: 'only 12 examples.',
        fix: 'Aim for 50 or more.',
      },
    ],
    counts: {
      bytes: 40_000,
      lines: 12,
      examples: 11,
      invalidLines: 1,
      blankLines: 0,
      crlfLines: 0,
      errors: { invalid_value: 5 },
      warnings: { few_examples: 1 },
      unlisted: { errors: 4, warnings: 0 },
    },
    tokens: {
      encoding: 'o200k_base',
      examples: 11,
      total: 12_345,
      min: 10,
      max: 2_000,
      mean: 1028.7,
      distribution: [],
      limit: 65_536,
      overLimit: 0,
      estimated: { examples: 0, reasons: {} },
    },
    messages: {
      examples: 11,
      min: 2,
      max: 6,
      mean: 3.27,
      distribution: [
        { messages: 2, examples: 5 },
        { messages: 3, examples: 3 },
        { messages: 6, examples: 3 },
      ],
      withSystem: 8,
    },
    billing: {
      epochs: 3,
      epochsSource: 'auto',
      tokensPerEpoch: 12_345,
      estimatedBilledTokens: 37_035,
      note: '',
    },
  };

  it('a summary, one line per issue with its line number, messages, tokens and billing', () => {
    expect(renderReport('train.jsonl', report)).toBe(
      [
        'train.jsonl: INVALID supervised data for gpt-4o-mini-2024-07-18: 12 lines, 11 valid examples, 5 errors, 1 warning',
        '  error   line 3    $.messages[1].role `role` is "bot". Use user, assistant or system. [invalid_value]',
        '  … and 4 more errors (see --json for counts by code)',
        '  warning file      only 12 examples. Aim for 50 or more. [few_examples]',
        'messages: 2–6 per example (mean 3.27), 8 of 11 examples with a system message',
        'tokens: 12,345 in all, 10–2,000 per example (mean 1,029), o200k_base; limit 65,536, 0 over',
        'billing: about 37,035 tokens over 3 epochs (auto)',
        '',
      ].join('\n'),
    );
  });
});

describe('detectTty', () => {
  it('follows stdout, unless a flag or OPENAI_FT_TTY says otherwise', () => {
    expect(detectTty(true, undefined, {})).toBe(true);
    expect(detectTty(false, undefined, {})).toBe(false);
    expect(detectTty(false, true, {})).toBe(true);
    expect(detectTty(true, false, {})).toBe(false);
    expect(detectTty(false, undefined, { OPENAI_FT_TTY: '1' })).toBe(true);
    expect(detectTty(true, undefined, { OPENAI_FT_TTY: '0' })).toBe(false);
  });
});
