// The report page in Debian's headless Chromium, the network off: no console error, every chart
// drawn (checked against the page's own data), the loss curve's screenshot compared to the data by
// shape (not pixels), no request leaves the page, and hostile values stay text. Pages: a 3-job
// offline sweep on the local server, and odd jobs (older columns, one step, NaN values, a failed
// job, hostile names) served through nock.
// Without /usr/bin/chromium: fails in CI (CI=true), skips loudly elsewhere.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium } from '../../scripts/lib/chromium.ts';
import { offlineSweep, SWEEP_RATES } from '../../scripts/lib/offline-sweep.ts';
import { FineTuning } from '../../src/index.ts';
import { buildReport, type ReportData } from '../../src/report/index.ts';
import { startLocalServer } from '../../src/testing/index.ts';
import { BASE_URL, nock } from '../helpers/nock.ts';
import { FULL_HEADER, fullCsv, mockJob } from './mock-api.ts';

const missing = chromiumMissing();
if (missing && process.env.CI === 'true')
  throw new Error(`The report's browser tests need Chromium in CI: ${missing}.`);
if (missing)
  console.warn(
    `\n*** SKIPPING the report's browser tests: ${missing}. ***\n*** Install it with: apt-get install chromium ***\n`,
  );

const HOSTILE = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">';

let work: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let sweepFile: string;
let oddFile: string;
let sweepIds: string[];

beforeAll(async () => {
  if (missing) return;
  work = await mkdtemp(join(tmpdir(), 'oft-report-test-'));
  const server = await startLocalServer({ clock: 'manual' });
  try {
    const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey });
    sweepIds = await offlineSweep(server, ft, 'browser');
    sweepFile = join(work, 'sweep.html');
    await writeFile(sweepFile, await buildReport(ft, { metadata: { sweep: 'browser' } }));
  } finally {
    await server.close();
  }
  // Odd jobs, as the API could serve them (nock intercepts only this made-up host).
  mockJob({
    id: 'ftjob-old',
    csv: 'step,train_loss,train_accuracy\n1,2.1,0.5\n2,1.7,0.6\n3,1.4,0.7\n',
  });
  mockJob({ id: 'ftjob-onestep', csv: `${FULL_HEADER}\n1,2.0,0.5,2.1,0.48,0.5,2.1,0.48\n` });
  mockJob({
    id: 'ftjob-nan',
    csv: `${fullCsv(8)}9,nan,nan,NaN,,nan,,\n10,0.5,0.8,NaN,0.8,0.8,,\n`,
    suffix: HOSTILE,
    metadata: { tag: HOSTILE },
  });
  mockJob({
    id: 'ftjob-failed',
    status: 'failed',
    error: { code: 'invalid_training_file', message: HOSTILE, param: 'training_file' },
  });
  const api = new FineTuning({ baseUrl: BASE_URL, apiKey: 'sk-test', maxRetries: 0 });
  oddFile = join(work, 'odd.html');
  await writeFile(
    oddFile,
    await buildReport(api, {
      jobs: ['ftjob-old', 'ftjob-onestep', 'ftjob-nan', 'ftjob-failed'],
      title: HOSTILE,
    }),
  );
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
  browser = await launchChromium();
  await browser.context.setOffline(true);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
  data: ReportData;
}

async function open(file: string): Promise<Opened> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  // Anything but the page itself is a request the page should not make: recorded and refused.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === pathToFileURL(file).href) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-charts="drawn"]', { timeout: 15_000 });
  const data = JSON.parse(
    (await page.locator('#report-data').textContent()) ?? 'null',
  ) as ReportData;
  return { page, errors, requests, data };
}

/** Each chart drawn: its key, its x values and series as uPlot holds them, and its inked pixels. */
async function drawn(page: Page) {
  return page.evaluate(() => {
    const charts = (window as unknown as { reportCharts: Array<{ key: string; uplot: any }> })
      .reportCharts;
    return {
      containers: document.querySelectorAll('.chart').length,
      charts: charts.map(({ key, uplot }) => {
        const canvas = uplot.ctx.canvas as HTMLCanvasElement;
        const pixels = uplot.ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let inked = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
        return {
          key,
          x: uplot.data[0] as number[],
          labels: (uplot.series as Array<{ label: string }>).slice(1).map((s) => s.label),
          lengths: (uplot.data as unknown[][]).map((d) => d.length),
          inked,
        };
      }),
    };
  });
}

describe.skipIf(Boolean(missing))('the report page in headless Chromium', () => {
  it('draws a 3-job offline sweep: every chart, from the page data, no error, no request', async () => {
    const { page, errors, requests, data } = await open(sweepFile);
    try {
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(data.jobs).toHaveLength(3);
      // The local server's curves respond to the learning rate: the middle one ends lowest.
      const lr = (id: string) =>
        data.jobs.find((j) => j.id === id)!.hyperparameters.learning_rate_multiplier;
      expect(lr(data.best!)).toBe(SWEEP_RATES[1]);
      expect(new Set(data.jobs.map((j) => j.final.full_valid_loss)).size).toBe(3);
      expect([...data.order].sort()).toEqual([...sweepIds].sort());

      const { containers, charts } = await drawn(page);
      // Two overlays (loss, accuracy) and two charts per job.
      expect(charts.map((c) => c.key).sort()).toEqual(
        [
          'sweep:accuracy',
          'sweep:loss',
          ...sweepIds.flatMap((id) => [`job:${id}:accuracy`, `job:${id}:loss`]),
        ].sort(),
      );
      expect(containers).toBe(charts.length);
      for (const chart of charts) {
        expect(chart.inked, chart.key).toBeGreaterThan(2000);
        expect(new Set(chart.lengths).size, chart.key).toBe(1);
      }
      for (const job of data.jobs) {
        const loss = charts.find((c) => c.key === `job:${job.id}:loss`)!;
        expect(loss.x).toEqual(job.curves.step);
        expect(loss.labels).toEqual([
          'train (raw)',
          'train (smoothed)',
          'validation (raw)',
          'validation (smoothed)',
          'full validation',
          'checkpoint',
        ]);
      }
      const overlay = charts.find((c) => c.key === 'sweep:loss')!;
      expect(overlay.labels).toHaveLength(3);
      expect(overlay.labels.filter((l) => l.endsWith('★'))).toHaveLength(1);
    } finally {
      await page.close();
    }
  });

  it("matches the best job's smoothed training loss by shape in a screenshot", async () => {
    const { page, data } = await open(sweepFile);
    try {
      const job = data.jobs.find((j) => j.id === data.best)!;
      const png = await page
        .locator(`.chart[data-job="${job.id}"][data-kind="loss"] canvas`)
        .screenshot();
      // Decoded in a blank page: for each column, where the bold training line (#1f77b4) is.
      const blank = await browser.context.newPage();
      const ys = await blank.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const { data: px } = ctx.getImageData(0, 0, img.width, img.height);
        const columns: Array<number | null> = [];
        for (let x = 0; x < img.width; x++) {
          const hits: number[] = [];
          for (let y = 0; y < img.height; y++) {
            const i = (y * img.width + x) * 4;
            const d =
              Math.abs(px[i]! - 31) + Math.abs(px[i + 1]! - 119) + Math.abs(px[i + 2]! - 180);
            if (d < 60) hits.push(y);
          }
          columns.push(hits.length ? hits[Math.floor(hits.length / 2)]! : null);
        }
        return columns;
      }, png.toString('base64'));
      await blank.close();
      const found = ys.flatMap((y, x) => (y === null ? [] : [x]));
      const [first, last] = [found[0]!, found.at(-1)!];
      expect(last - first).toBeGreaterThan(300);
      const values = job.curves.smoothed.train_loss as number[];
      const pixelAt = (f: number) => {
        const x = Math.round(first + f * (last - first));
        const near = ys.slice(x - 3, x + 4).filter((y): y is number => y !== null);
        return near.sort((a, b) => a - b)[Math.floor(near.length / 2)]!;
      };
      const fractions = Array.from({ length: 11 }, (_, i) => i / 10);
      const pixels = fractions.map(pixelAt);
      const data_ = fractions.map((f) => values[Math.round(f * (values.length - 1))]!);
      // Both normalised to [0, 1] (pixels grow downwards): the same shape within 0.12.
      const norm = (xs: number[], flip: boolean) => {
        const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
        return xs.map((v) => (flip ? hi - v : v - lo) / (hi - lo));
      };
      const a = norm(pixels, true);
      const b = norm(data_, false);
      for (let i = 0; i < a.length; i++)
        expect(Math.abs(a[i]! - b[i]!), `at ${i}`).toBeLessThan(0.12);
    } finally {
      await page.close();
    }
  });

  it('opens odd jobs and hostile names: older columns, one step, NaN, a failed job', async () => {
    const { page, errors, requests, data } = await open(oddFile);
    try {
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBe(
        undefined,
      );
      expect(await page.title()).toBe(HOSTILE);
      const { containers, charts } = await drawn(page);
      expect(containers).toBe(charts.length);
      const keys = charts.map((c) => c.key);
      // The failed job has no curve; the others have loss and accuracy charts.
      expect(keys.filter((k) => k.includes('ftjob-failed'))).toEqual([]);
      for (const id of ['ftjob-old', 'ftjob-onestep', 'ftjob-nan'])
        expect(keys).toEqual(expect.arrayContaining([`job:${id}:loss`, `job:${id}:accuracy`]));
      for (const chart of charts) expect(chart.inked, chart.key).toBeGreaterThan(500);
      const old = charts.find((c) => c.key === 'job:ftjob-old:loss')!;
      expect(old.labels).toEqual(['train (raw)', 'train (smoothed)']);
      expect(charts.find((c) => c.key === 'job:ftjob-onestep:loss')!.x).toEqual([1]);
      const nan = data.jobs.find((j) => j.id === 'ftjob-nan')!;
      expect(nan.notes.join(' ')).toMatch(/not finite numbers \(NaN\) were left out/);
      const failed = page.locator('#job-ftjob-failed');
      expect(await failed.textContent()).toContain(HOSTILE);
      expect(await failed.textContent()).toContain('No curve to draw.');
    } finally {
      await page.close();
    }
  });
});
