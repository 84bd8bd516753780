// Aligned plain-text tables. No borders and no truncation of ids: every id stays whole and
// copyable (double-click selects it); long free text is cut at the column cap instead.

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Right-align (numbers). */
  right?: boolean;
  /** Longest the column may grow; longer values end in `…`. Ids have no cap. */
  max?: number;
}

const cut = (text: string, max: number | undefined): string =>
  max !== undefined && text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;

/** One header line and one line per row, columns separated by two spaces, no trailing blanks. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => cut(oneLine(c.value(row)), c.max)));
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...cells.map((r) => r[i]!.length)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.right ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join('\n')}\n`;
}

/** `key  value` pairs for one object, keys aligned. */
export function details(
  pairs: ReadonlyArray<readonly [string, string | undefined | null]>,
): string {
  const shown = pairs.filter(([, v]) => v !== undefined && v !== null && v !== '') as Array<
    readonly [string, string]
  >;
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  return `${shown.map(([k, v]) => `${`${k}:`.padEnd(width + 1)}  ${oneLine(v)}`).join('\n')}\n`;
}

/** Newlines and tabs in a cell would break the alignment. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ');
}
