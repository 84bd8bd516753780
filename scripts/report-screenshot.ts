// npm run report:screenshot: builds the report of a three-job learning-rate sweep on the local
// server (scripts/lib/offline-sweep.ts) and writes docs/report-example.html's screenshot to
// docs/report.png with Debian's headless Chromium, the network off. Run it after changing the
// report's page or the local server's curves.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { FineTuning } from '../src/index.ts';
import { buildReport } from '../src/report/index.ts';
import { startLocalServer } from '../src/testing/index.ts';
import { chromiumMissing, launchChromium } from './lib/chromium.ts';
import { offlineSweep } from './lib/offline-sweep.ts';
import { ROOT } from './lib/project.ts';

const missing = chromiumMissing();
if (missing) {
  process.stderr.write(`report:screenshot: ${missing}\n`);
  process.exit(1);
}
const server = await startLocalServer({ clock: 'manual', seed: 31 });
const work = await mkdtemp(join(tmpdir(), 'oft-report-'));
try {
  const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey });
  await offlineSweep(server, ft, 'lr');
  const html = await buildReport(ft, {
    metadata: { sweep: 'lr' },
    title: 'Learning-rate sweep (local server)',
    now: new Date('2026-01-01T00:00:00Z'),
  });
  const file = join(work, 'report.html');
  await writeFile(file, html);
  const bytes = Buffer.byteLength(html);
  const gzipped = gzipSync(html).byteLength;
  process.stdout.write(
    `the page: ${(bytes / 1024).toFixed(1)} KB (${(gzipped / 1024).toFixed(1)} KB gzipped), uPlot's script and style included\n`,
  );
  const browser = await launchChromium();
  try {
    await browser.context.setOffline(true);
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-charts="drawn"]');
    const out = join(ROOT, 'docs', 'report.png');
    // The sweep section: the overlaid curves and the table, as a reader first sees them.
    await page.locator('#sweep').screenshot({ path: out });
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    await browser.close();
  }
} finally {
  await server.close();
  await rm(work, { recursive: true, force: true });
}
