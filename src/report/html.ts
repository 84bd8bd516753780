// The report as one self-contained HTML page: uPlot's script and style inlined, the data in a JSON
// block, tables rendered here with every user-controlled value escaped, and a Content Security
// Policy that lets only the page's own scripts run and lets the page fetch nothing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PAGE_SCRIPT } from './page-script.ts';
import type { EvalComparison, JobReport, Metric, ReportData } from './types.ts';

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON that cannot close its `<script>` block or start a comment, whatever strings it holds. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

let uplot: { js: string; css: string } | undefined;
/** uPlot's minified browser build and stylesheet, read once from the installed package. */
function uplotAssets(): { js: string; css: string } {
  if (!uplot) {
    const require = createRequire(import.meta.url);
    const read = (file: string) => readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
    uplot = { js: read('uPlot.iife.min.js'), css: read('uPlot.min.css') };
  }
  return uplot;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

const fmt = (n: number | null | undefined, digits = 4) =>
  n === null || n === undefined
    ? '–'
    : Number.isInteger(n)
      ? n.toLocaleString('en-US')
      : n.toFixed(digits);

function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`;
}

const usd = (job: JobReport) => (job.cost.usd === null ? '–' : `$${job.cost.usd.toFixed(2)}`);
const hp = (job: JobReport, key: string) => escapeHtml(job.hyperparameters[key] ?? '–');
const label = (m: Metric) => m.replace(/_/g, ' ');

function sweepSection(data: ReportData): string {
  const byId = new Map(data.jobs.map((j) => [j.id, j]));
  const metric = data.sortBy.metric;
  const rows = data.order.map((id, rank) => {
    const j = byId.get(id)!;
    const best = id === data.best;
    return `<tr${best ? ' class="best"' : ''}><td>${rank + 1}</td><td><a href="#job-${escapeHtml(j.id)}">${escapeHtml(j.id)}</a>${best ? ' <span class="badge">best</span>' : ''}</td><td>${escapeHtml(j.suffix ?? '')}</td><td class="status-${escapeHtml(j.status)}">${escapeHtml(j.status)}</td><td>${hp(j, 'learning_rate_multiplier')}</td><td>${hp(j, 'batch_size')}</td><td>${hp(j, 'n_epochs')}</td><td class="num">${fmt(j.final[metric])}</td><td class="num">${fmt(j.final.train_loss)}</td><td class="num">${fmt(j.trainedTokens)}</td><td>${duration(j.durationSeconds)}</td><td class="num">${usd(j)}</td></tr>`;
  });
  const hasAccuracy = data.jobs.some(
    (j) =>
      j.curves.present.includes('train_mean_token_accuracy') ||
      j.curves.present.includes('valid_mean_token_accuracy'),
  );
  const hasLoss = data.jobs.some(
    (j) => j.curves.present.includes('train_loss') || j.curves.present.includes('valid_loss'),
  );
  return `<section id="sweep"><h2>Sweep: ${data.jobs.length} jobs</h2>
<p>Sorted by final ${escapeHtml(label(metric))} (${data.sortBy.lowerIsBetter ? 'lower' : 'higher'} is better)${data.best ? `; best: <strong>${escapeHtml(data.best)}</strong>` : '; no job has this metric yet'}.</p>
${hasLoss ? '<div class="chart" data-kind="loss"></div>' : ''}${hasAccuracy ? '<div class="chart" data-kind="accuracy"></div>' : ''}
<table class="sweep"><thead><tr><th>#</th><th>job</th><th>suffix</th><th>status</th><th>learning rate ×</th><th>batch</th><th>epochs</th><th>final ${escapeHtml(label(metric))}</th><th>final train loss</th><th>trained tokens</th><th>duration</th><th>cost (est.)</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></section>`;
}

function evalSection(e: EvalComparison): string {
  const criteria = [...new Set(e.models.flatMap((m) => m.criteria.map((c) => c.name)))];
  const head = criteria.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const rows = e.models.map((m) => {
    const cells = criteria.map((name) => {
      const c = m.criteria.find((x) => x.name === name);
      if (!c) return '<td>–</td>';
      const score = c.meanScore === null ? '' : `, mean ${fmt(c.meanScore, 3)}`;
      return `<td class="num">${(c.passRate * 100).toFixed(1)}% <small>(${c.passed}/${c.passed + c.failed + c.errored}${c.errored ? `, ${c.errored} errored` : ''}${score})</small></td>`;
    });
    const best = m.model === e.best;
    const link = m.reportUrl ? ` <small>(${escapeHtml(m.reportUrl)})</small>` : '';
    return `<tr${best ? ' class="best"' : ''}><td>${escapeHtml(m.model)}${best ? ' <span class="badge">best</span>' : ''}</td><td>${escapeHtml(m.runId)}${link}</td><td>${escapeHtml(m.status)}</td>${cells.join('')}<td class="num">${fmt(m.usage?.totalTokens)}</td></tr>`;
  });
  // Items the models disagree on: some passed them, some did not.
  const split = e.items.filter((i) => i.passedBy.length > 0 && i.failedBy.length > 0);
  const shown = split.slice(0, 200);
  const itemRows = shown.map((i) => {
    const text = JSON.stringify(i.item) ?? String(i.item);
    return `<tr><td class="num">${i.index}</td><td><code>${escapeHtml(text.length > 400 ? `${text.slice(0, 400)}…` : text)}</code></td><td>${i.passedBy.map(escapeHtml).join('<br>')}</td><td>${i.failedBy.map(escapeHtml).join('<br>')}</td></tr>`;
  });
  return `<section id="evals"><h2>Eval ${escapeHtml(e.evalId)}: ${e.models.length} models</h2>
<table class="evals"><thead><tr><th>model</th><th>run</th><th>status</th>${head}<th>tokens</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>
<h3>Items the models disagree on: ${split.length} of ${e.items.length}</h3>
${split.length ? `<table class="items"><thead><tr><th>item</th><th>content</th><th>passed by</th><th>failed by</th></tr></thead><tbody>${itemRows.join('\n')}</tbody></table>${split.length > shown.length ? `<p>First ${shown.length} shown; all are in the JSON (openai-ft report --json).</p>` : ''}` : '<p>Every item was passed by all models or by none.</p>'}</section>`;
}

function jobSection(j: JobReport): string {
  const facts: Array<[string, string]> = [
    ['status', escapeHtml(j.status) + (j.error ? `: ${escapeHtml(j.error.message)}` : '')],
    ['base model', escapeHtml(j.model)],
    ['fine-tuned model', escapeHtml(j.fineTunedModel ?? '–')],
    ['method', escapeHtml(j.method)],
    [
      'hyperparameters',
      Object.entries(j.hyperparameters)
        .map(
          ([k, v]) =>
            `${escapeHtml(k)} = ${escapeHtml(typeof v === 'object' ? JSON.stringify(v) : v)}`,
        )
        .join(', ') || '–',
    ],
    ['trained tokens', fmt(j.trainedTokens)],
    ['duration', duration(j.durationSeconds)],
    ['cost (estimate)', `${usd(j)} <small>${escapeHtml(j.cost.note)}</small>`],
  ];
  if (j.metadata)
    facts.push([
      'metadata',
      Object.entries(j.metadata)
        .map(([k, v]) => `${escapeHtml(k)} = ${escapeHtml(v)}`)
        .join(', '),
    ]);
  const finals = Object.entries(j.final)
    .map(([k, v]) => `${escapeHtml(label(k as Metric))} ${fmt(v)}`)
    .join(', ');
  if (finals) facts.push(['final', finals]);
  const has = (m: Metric) => j.curves.present.includes(m);
  const charts = [
    has('train_loss') || has('valid_loss')
      ? `<div class="chart" data-job="${escapeHtml(j.id)}" data-kind="loss"></div>`
      : '',
    has('train_mean_token_accuracy') || has('valid_mean_token_accuracy')
      ? `<div class="chart" data-job="${escapeHtml(j.id)}" data-kind="accuracy"></div>`
      : '',
  ].join('');
  const checkpoints = j.checkpoints.length
    ? `<table class="checkpoints"><thead><tr><th>step</th><th>checkpoint model</th><th>train loss</th><th>valid loss</th><th>full valid loss</th></tr></thead><tbody>${j.checkpoints
        .map(
          (c) =>
            `<tr><td class="num">${c.step}</td><td>${escapeHtml(c.model)}</td><td class="num">${fmt(c.metrics.train_loss as number)}</td><td class="num">${fmt(c.metrics.valid_loss as number)}</td><td class="num">${fmt(c.metrics.full_valid_loss as number)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const title = j.suffix
    ? `${escapeHtml(j.id)} <small>${escapeHtml(j.suffix)}</small>`
    : escapeHtml(j.id);
  return `<section class="job" id="job-${escapeHtml(j.id)}"><h2>${title}</h2>
<dl>${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
${charts || '<p class="empty">No curve to draw.</p>'}
${checkpoints}
${j.notes.length ? `<ul class="notes">${j.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : ''}</section>`;
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1000px;padding:0 16px;color:#1d1d1f}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}tr.best td{background:#fff7d6}.badge{background:#f0b400;color:#000;border-radius:3px;padding:0 4px;font-size:11px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}dt{color:#666}dd{margin:0}
.chart{margin:8px 0}.notes{color:#8a5a00}.empty{color:#888}.status-failed,.status-cancelled{color:#b00020}
code{font-size:12px;word-break:break-all}small{color:#666}footer{margin-top:32px;color:#888;font-size:12px}`;

/** The page for `data`: one HTML file that needs no network to open. */
export function renderReport(data: ReportData): string {
  const assets = uplotAssets();
  const scripts = [assets.js, PAGE_SCRIPT];
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
  ].join('; ');
  const sections = [
    data.jobs.length > 1 ? sweepSection(data) : '',
    data.evals ? evalSection(data.evals) : '',
    ...data.order.map((id) => jobSection(data.jobs.find((j) => j.id === id)!)),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${assets.css}</style><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(data.title)}</h1>
<p>${data.jobs.length} job${data.jobs.length === 1 ? '' : 's'}; built ${escapeHtml(data.generatedAt)}. Curves: raw values faint, smoothed (moving average, weight ${data.smoothing}) bold; checkpoints as circles on the training curve.</p></header>
${sections.join('\n')}
<footer>Cost estimates: trained tokens × the training price per 1M tokens from ${escapeHtml(data.prices.source)}. Charts drawn with uPlot.</footer>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body></html>
`;
}
