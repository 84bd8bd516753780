// A loss chart drawn with text: train loss as `*`, validation loss as `o`, the step on the x axis.
// Points are bucketed into columns (mean per column), so any number of steps fits the width.

export interface Point {
  step: number;
  value: number;
}

export interface ChartOptions {
  width: number;
  height: number;
}

const format = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3));

function columnsOf(
  points: readonly Point[],
  minStep: number,
  maxStep: number,
  width: number,
): Array<number | undefined> {
  const sums = new Array<number>(width).fill(0);
  const counts = new Array<number>(width).fill(0);
  const span = Math.max(1, maxStep - minStep);
  for (const p of points) {
    const col = Math.min(width - 1, Math.floor(((p.step - minStep) / span) * (width - 1) + 0.5));
    sums[col]! += p.value;
    counts[col]! += 1;
  }
  return sums.map((s, i) => (counts[i] ? s / counts[i]! : undefined));
}

/** The chart as lines (no trailing newline), or one line saying there is nothing to draw yet. */
export function lossChart(
  train: readonly Point[],
  valid: readonly Point[],
  options: ChartOptions,
): string[] {
  const all = [...train, ...valid].filter((p) => Number.isFinite(p.value));
  if (all.length === 0) return ['(the loss chart appears with the first metrics)'];
  const height = Math.max(2, options.height);
  let lo = Math.min(...all.map((p) => p.value));
  let hi = Math.max(...all.map((p) => p.value));
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  const minStep = Math.min(...all.map((p) => p.step));
  const maxStep = Math.max(...all.map((p) => p.step));
  const labelWidth = Math.max(format(lo).length, format(hi).length);
  const width = Math.max(8, options.width - labelWidth - 2);
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  const rowOf = (v: number) => height - 1 - Math.round(((v - lo) / (hi - lo)) * (height - 1));
  const plot = (points: readonly Point[], mark: string) => {
    columnsOf(points, minStep, maxStep, width).forEach((v, col) => {
      if (v === undefined) return;
      const cell = grid[rowOf(v)]!;
      cell[col] = cell[col] === ' ' || cell[col] === mark ? mark : '@';
    });
  };
  plot(train, '*');
  plot(valid, 'o');
  const lines = grid.map((row, i) => {
    const label = i === 0 ? format(hi) : i === height - 1 ? format(lo) : '';
    return `${label.padStart(labelWidth)} ${i === 0 || i === height - 1 ? '┤' : '│'}${row.join('')}`.trimEnd();
  });
  const axis = `${' '.repeat(labelWidth)} └${'─'.repeat(width)}`;
  const steps = `${' '.repeat(labelWidth + 2)}step ${minStep}${`step ${maxStep}`.padStart(width - `step ${minStep}`.length)}`;
  const legend = `${' '.repeat(labelWidth + 2)}* train loss   o valid loss${lines.some((l) => l.includes('@')) ? '   @ both' : ''}`;
  return [...lines, axis, steps, legend];
}
