// The floors of src/ (docs/architecture.md): each folder is on one floor, and a file imports only
// from its own floor or the floors below it (static, dynamic and type-only imports alike), with no
// import circle. A new folder must be given its floor here. On the entries floor, the walls between
// entries (./walls.ts): an entry reaches another only through its doors, without a circle.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ENTRIES, entryCircles, entryOf, wallBreaches } from './walls.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Bottom floor first. A path belongs to the first entry whose prefix it starts with. */
const FLOORS: Array<[floor: string, prefixes: string[]]> = [
  ['schemas', ['src/schemas/']],
  ['errors', ['src/errors/', 'src/errors.ts']],
  ['telemetry', ['src/telemetry/']],
  ['transport', ['src/transport/']],
  ['calls', ['src/calls/', 'src/pagination/', 'src/upload/', 'src/lifecycle/', 'src/models/']],
  ['resources', ['src/resources/', 'src/webhooks/', 'src/evals/']],
  ['client', ['src/client.ts']],
  ['entries', [...ENTRIES]],
];

/**
 * Files still to be moved to their floor (docs/architecture.md describes the arrangement after the
 * moves). Empty once they are applied; the test fails if this list and the tree disagree.
 */
const PENDING_MOVES: Record<string, string> = {};

/** Imports that break the floors today, to be gone with the moves: `from -> to`. */
const PENDING_VIOLATIONS: string[] = [];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name).split('\\').join('/')]
        : [],
  );
}

const files = sources('src');
const floorOf = (path: string): number => {
  const moved = PENDING_MOVES[path] ?? path;
  return FLOORS.findIndex(([, prefixes]) =>
    prefixes.some((p) => moved === p || moved.startsWith(p)),
  );
};

/** Every relative import of a file inside src/ (comments ignored; dynamic and type imports included). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((s) => s.startsWith('.'))
    .map((s) =>
      relative(ROOT, join(ROOT, dirname(file), s))
        .split('\\')
        .join('/'),
    )
    .filter((p) => p.startsWith('src/'));
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe('the floors of src/', () => {
  it('every file is on a floor', () => {
    expect(files.filter((f) => floorOf(f) < 0)).toEqual([]);
  });

  it('the pending moves name files that exist', () => {
    expect(Object.keys(PENDING_MOVES).filter((f) => !files.includes(f))).toEqual([]);
  });

  it('imports go to the same floor or down, except the pending ones', () => {
    const upward: string[] = [];
    for (const [from, targets] of graph) {
      for (const to of targets) if (floorOf(to) > floorOf(from)) upward.push(`${from} -> ${to}`);
    }
    expect(upward.sort()).toEqual([...PENDING_VIOLATIONS].sort());
  });

  it('no import circle, outside the entries', () => {
    // Tarjan's strongly connected components over the files below the entries floor.
    const entries = FLOORS.findIndex(([f]) => f === 'entries');
    const nodes = files.filter((f) => floorOf(f) < entries);
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const circles: string[][] = [];
    let next = 0;
    const visit = (v: string) => {
      index.set(v, next);
      low.set(v, next++);
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!nodes.includes(w)) continue;
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1) circles.push(component.sort());
      }
    };
    for (const v of nodes) if (!index.has(v)) visit(v);
    const pending = PENDING_VIOLATIONS.map((p) => p.split(' -> ').sort());
    expect(circles.filter((c) => !pending.some((p) => p.every((f) => c.includes(f))))).toEqual([]);
  });
});

describe('the walls between entries', () => {
  it('an entry imports another entry only through its index.ts or shared.ts', () => {
    expect(wallBreaches(graph)).toEqual([]);
  });

  it('no circle between entries', () => {
    expect(entryCircles(graph)).toEqual([]);
  });

  it('every shared.ts is imported by another entry (else its names belong in the entry itself)', () => {
    const doors = ENTRIES.map((entry) => `${entry}shared.ts`).filter((f) => files.includes(f));
    const used = new Set(
      [...graph].flatMap(([from, targets]) =>
        targets.filter((to) => entryOf(to) !== entryOf(from)),
      ),
    );
    expect(doors.filter((door) => !used.has(door))).toEqual([]);
  });

  // The checker itself, on a crafted graph: it must see each kind of breach, and only those.
  const crafted = new Map<string, string[]>([
    // Allowed: a door of each kind, and anything below the entries.
    [
      'src/cli/sdk/a.ts',
      ['src/testing/index.ts', 'src/testing/shared.ts', 'src/node/index.ts', 'src/client.ts'],
    ],
    ['src/node/b.ts', ['src/training-data/shared.ts', 'src/node/c.ts']],
    // Breaches: a file behind another entry's door, and a nested door-named file.
    ['src/node/c.ts', ['src/training-data/billing.ts', 'src/testing/handlers/shared.ts']],
    // Allowed: the main entry's one door is src/index.ts itself.
    ['src/azure/d.ts', ['src/index.ts']],
  ]);

  it("the checker catches an import behind another entry's door", () => {
    expect(wallBreaches(crafted)).toEqual([
      'src/node/c.ts -> src/testing/handlers/shared.ts',
      'src/node/c.ts -> src/training-data/billing.ts',
    ]);
  });

  it('the checker catches a circle between entries, through their doors', () => {
    const circle = new Map(crafted);
    circle.set('src/training-data/e.ts', ['src/cli/index.ts']);
    circle.set('src/report/f.ts', ['src/report/g.ts']);
    expect(wallBreaches(circle)).toEqual(wallBreaches(crafted));
    expect(entryCircles(crafted)).toEqual([]);
    expect(entryCircles(circle)).toEqual([['src/cli/', 'src/node/', 'src/training-data/']]);
  });
});
