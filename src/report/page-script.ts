// The script of the report page (run in the browser, not in Node): it reads the report's data from
// the page's JSON block and draws every chart with uPlot. Charts only read numbers and labels from
// the data; uPlot puts labels in the page with textContent, never as HTML.
// `window.reportCharts` lists the charts drawn (the browser tests read it), and
// `document.body.dataset.charts` says "drawn" once all are.
export const PAGE_SCRIPT = `(() => {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const charts = [];
  window.reportCharts = charts;
  const TRAIN = '#1f77b4', VALID = '#ff7f0e', FULL = '#b3470c', CKPT = '#d62728';
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#d62728'];
  const faint = (c) => c + '55';
  const noLine = () => null;
  const jobs = new Map(data.jobs.map((j) => [j.id, j]));
  const nameOf = (j) => {
    const h = j.hyperparameters || {};
    const bits = [];
    if (h.learning_rate_multiplier !== undefined) bits.push('lr ' + h.learning_rate_multiplier);
    if (h.batch_size !== undefined) bits.push('batch ' + h.batch_size);
    if (h.n_epochs !== undefined) bits.push('epochs ' + h.n_epochs);
    return (j.suffix || j.id) + (bits.length ? ' (' + bits.join(', ') + ')' : '');
  };
  const size = (el) => ({ width: Math.max(320, Math.min(960, el.clientWidth || 720)), height: 260 });

  function draw(el, key, series, columns, yLabel, title) {
    const opts = {
      ...size(el),
      title,
      scales: { x: { time: false } },
      axes: [{ label: 'step' }, { label: yLabel }],
      series: [{ label: 'step' }, ...series],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
    const u = new uPlot(opts, columns, el);
    charts.push({ key, uplot: u, points: columns[0].length, series: series.length });
  }

  function jobChart(el, job, kind) {
    const c = job.curves;
    const metrics = kind === 'loss'
      ? ['train_loss', 'valid_loss', 'full_valid_loss']
      : ['train_mean_token_accuracy', 'valid_mean_token_accuracy', 'full_valid_mean_token_accuracy'];
    const [train, valid, full] = metrics;
    const series = [];
    const columns = [c.step];
    const add = (s, values) => { series.push(s); columns.push(values); };
    const has = (m) => c.present.includes(m);
    const single = c.step.length === 1;
    if (has(train)) {
      add({ label: 'train (raw)', stroke: faint(TRAIN), width: 1, spanGaps: true, points: { show: single } }, c.raw[train]);
      add({ label: 'train (smoothed)', stroke: TRAIN, width: 2, spanGaps: true, points: { show: single } }, c.smoothed[train]);
    }
    if (has(valid)) {
      add({ label: 'validation (raw)', stroke: faint(VALID), width: 1, spanGaps: true, points: { show: single } }, c.raw[valid]);
      add({ label: 'validation (smoothed)', stroke: VALID, width: 2, spanGaps: true, points: { show: single } }, c.smoothed[valid]);
    }
    if (has(full)) {
      add({ label: 'full validation', stroke: FULL, paths: noLine, points: { show: true, size: 8, fill: FULL } }, c.raw[full]);
    }
    // Checkpoints: a marker on the smoothed training curve at each checkpoint's step.
    const line = has(train) ? c.smoothed[train] : c.smoothed[valid];
    const at = new Map(c.step.map((s, i) => [s, i]));
    const marks = c.step.map(() => null);
    let marked = 0;
    for (const ck of job.checkpoints) {
      const i = at.get(ck.step);
      if (i !== undefined && line && line[i] !== null) { marks[i] = line[i]; marked++; }
    }
    if (marked) add({ label: 'checkpoint', stroke: CKPT, paths: noLine, points: { show: true, size: 12, width: 2, stroke: CKPT, fill: '#fff' } }, marks);
    draw(el, 'job:' + job.id + ':' + kind, series, columns, kind === 'loss' ? 'loss' : 'token accuracy', kind === 'loss' ? 'Loss' : 'Mean token accuracy');
  }

  function sweepChart(el, kind) {
    const prefer = kind === 'loss' ? ['valid_loss', 'train_loss'] : ['valid_mean_token_accuracy', 'train_mean_token_accuracy'];
    const metric = prefer.find((m) => data.jobs.some((j) => j.curves.present.includes(m)));
    const shown = data.order.map((id) => jobs.get(id)).filter((j) => j.curves.present.includes(metric));
    const steps = [...new Set(shown.flatMap((j) => j.curves.step))].sort((a, b) => a - b);
    const columns = [steps];
    const series = shown.map((j, n) => {
      const at = new Map(j.curves.step.map((s, i) => [s, j.curves.smoothed[metric][i]]));
      columns.push(steps.map((s) => (at.has(s) ? at.get(s) : null)));
      const color = PALETTE[n % PALETTE.length];
      return { label: nameOf(j) + (j.id === data.best ? ' ★' : ''), stroke: color, width: j.id === data.best ? 3 : 1.5, spanGaps: true, points: { show: steps.length === 1 } };
    });
    const name = metric.replace(/_/g, ' ').replace('valid', 'validation').replace(' mean token', '');
    draw(el, 'sweep:' + kind, series, columns, name, name[0].toUpperCase() + name.slice(1) + ' by job (smoothed)');
  }

  for (const el of document.querySelectorAll('.chart')) {
    const kind = el.dataset.kind;
    if (el.dataset.job !== undefined) jobChart(el, jobs.get(el.dataset.job), kind);
    else sweepChart(el, kind);
  }
  document.body.dataset.charts = 'drawn';
})();`;
