// The walls between the package's entries (docs/architecture.md, "Walls between entries"), as a
// function of an import graph, so that floors.test.ts can run it on the real graph of src/ and on a
// crafted one that breaks each rule.

/** The folders of the entries (the main entry is one file), as package.json `exports` ships them. */
export const ENTRIES = [
  'src/index.ts',
  'src/node/',
  'src/training-data/',
  'src/testing/',
  'src/legacy/',
  'src/cli/',
  'src/azure/',
  'src/report/',
] as const;

/** The entry a file of src/ belongs to, or undefined for a file below the entries. */
export function entryOf(file: string): string | undefined {
  return ENTRIES.find((entry) => file === entry || file.startsWith(entry));
}

/**
 * The two doors of an entry, the only files another entry may import: `index.ts` (what users
 * import) and `shared.ts` (what the package's other entries need and users do not).
 */
export function isDoor(file: string): boolean {
  const entry = entryOf(file);
  if (entry === undefined) return false;
  if (!entry.endsWith('/')) return file === entry;
  return file === `${entry}index.ts` || file === `${entry}shared.ts`;
}

/** Imports from one entry into another that do not go through a door: `from -> to`. */
export function wallBreaches(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const breaches: string[] = [];
  for (const [from, targets] of graph) {
    const own = entryOf(from);
    if (own === undefined) continue;
    for (const to of targets) {
      const other = entryOf(to);
      if (other !== undefined && other !== own && !isDoor(to)) breaches.push(`${from} -> ${to}`);
    }
  }
  return breaches.sort();
}

/**
 * Circles between entries (entry A imports entry B, which imports A, directly or not): each as the
 * sorted list of the entries on it. Entries stack: the CLI on the server and the Node helpers, those
 * on training-data, never back.
 */
export function entryCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const [from, targets] of graph) {
    const own = entryOf(from);
    if (own === undefined) continue;
    for (const to of targets) {
      const other = entryOf(to);
      if (other === undefined || other === own) continue;
      if (!edges.has(own)) edges.set(own, new Set());
      edges.get(own)!.add(other);
    }
  }
  const reaches = (start: string, goal: string): boolean => {
    const seen = new Set<string>();
    const todo = [...(edges.get(start) ?? [])];
    while (todo.length > 0) {
      const next = todo.pop()!;
      if (next === goal) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      todo.push(...(edges.get(next) ?? []));
    }
    return false;
  };
  const circles = new Map<string, string[]>();
  for (const entry of edges.keys()) {
    if (!reaches(entry, entry)) continue;
    const circle = [...edges.keys()].filter((e) => reaches(entry, e) && reaches(e, entry)).sort();
    circles.set(circle.join(' '), circle);
  }
  return [...circles.values()];
}
