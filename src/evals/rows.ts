// The data of a comparison: rows read from an array or a JSONL Blob, an item schema inferred from
// them, and each row checked against the schema before any run is started.
import { EvalDataError } from './errors.ts';

/** Row `row` of the data has `problem`: what to do about it, and that nothing was sent. */
const badRow = (row: number, problem: string) =>
  new EvalDataError(
    row,
    `Row ${row} of the eval data ${problem}. Fix the row (or the itemSchema) and call again; nothing was sent.`,
  );

type Row = Record<string, unknown>;

const isRecord = (value: unknown): value is Row =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A row is an item, or `{ item }` as in an eval JSONL file. */
function itemOf(row: unknown, index: number): Row {
  if (!isRecord(row)) throw badRow(index, 'is not an object');
  const keys = Object.keys(row);
  if (keys.length === 1 && keys[0] === 'item') {
    if (!isRecord(row.item)) throw badRow(index, "has an 'item' that is not an object");
    return row.item;
  }
  return row;
}

/** The rows of `data`: an array of items, or a JSONL Blob of items or `{ "item": … }` lines. */
export async function readRows(data: ReadonlyArray<unknown> | Blob): Promise<Row[]> {
  if (Array.isArray(data)) return data.map(itemOf);
  if (!(data instanceof Blob)) {
    throw badRow(0, 'could not be read: pass rows, a JSONL Blob or an uploaded file id');
  }
  const lines = (await data.text()).split('\n');
  const rows: Row[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw badRow(rows.length, `(line ${lines.indexOf(line) + 1}) is not JSON`);
    }
    rows.push(itemOf(parsed, rows.length));
  }
  if (rows.length === 0) throw badRow(0, 'is missing: the data has no rows');
  return rows;
}

const typeOf = (value: unknown) =>
  Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;

/** The schema the first row shows: an object whose keys are required, with their JSON types. */
export function itemSchemaOf(rows: readonly Row[]): Row {
  const first = rows[0] ?? {};
  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(first).map(([k, v]) => [
        k,
        { type: typeOf(v) === 'bigint' ? 'number' : typeOf(v) },
      ]),
    ),
    required: Object.keys(first),
  };
}

/** Checks every row against the schema's `required` keys and simple property types. */
export function checkRows(rows: readonly Row[], schema: Row): void {
  const required = (schema.required as string[] | undefined) ?? [];
  const properties = (schema.properties ?? {}) as Record<string, { type?: unknown }>;
  rows.forEach((row, index) => {
    for (const key of required) {
      if (!(key in row)) throw badRow(index, `lacks '${key}', which the item schema requires`);
    }
    for (const [key, { type }] of Object.entries(properties)) {
      if (!(key in row) || typeof type !== 'string') continue;
      const actual = typeOf(row[key]);
      const ok = type === 'integer' ? Number.isInteger(row[key]) : actual === type;
      if (!ok) throw badRow(index, `has '${key}' as ${actual}; the item schema says ${type}`);
    }
  });
}
