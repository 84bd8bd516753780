// The change report: the spec diff, what it means for the facade, and its text, Markdown and JSON forms.
import { diffSpecs, type Change } from './spec-diff.ts';
import type { FacadeMethod, TypeCheck } from './facade.ts';

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface SpecLabel {
  /** `f85dbe2 (2026-08-21)`, or the file it came from when the spec has no provenance. */
  label: string;
  version?: string;
  sha256?: string;
}

export interface AffectedMethod {
  method: string;
  operation: string;
  breaking: number;
  compatible: number;
}

export interface MissingOperation {
  operation: string;
  where: string;
  /** True when the operation is new in this change (not merely never wrapped). */
  isNew: boolean;
}

export interface ChangeReport {
  from: SpecLabel;
  to: SpecLabel;
  summary: { breaking: number; compatible: number };
  changes: Change[];
  facade: { affected: AffectedMethod[]; notExposed: MissingOperation[] };
  typeCheck?: TypeCheck;
}

export function labelOf(doc: Node, fallback: string): SpecLabel {
  const info = isNode(doc.info) ? doc.info : {};
  const up = isNode(info['x-upstream']) ? info['x-upstream'] : undefined;
  const known = (v: unknown) => typeof v === 'string' && v !== 'unknown';
  const label =
    up && known(up.commit)
      ? `${String(up.commit)}${known(up.date) ? ` (${String(up.date)})` : ''}`
      : fallback;
  return {
    label,
    ...(typeof info.version === 'string' ? { version: info.version } : {}),
    ...(up && typeof up.sha256 === 'string' ? { sha256: up.sha256 } : {}),
  };
}

/** Changes that only add something new do not make an existing method behave differently. */
const INFORMATIONAL = new Set<Change['kind']>(['operation-added', 'schema-added']);

export function buildReport(
  oldDoc: Node,
  newDoc: Node,
  labels: { from: string; to: string },
  methods: FacadeMethod[],
): ChangeReport {
  const diff = diffSpecs(oldDoc, newDoc);
  const affected = new Map<string, AffectedMethod>();
  for (const change of diff.changes) {
    if (INFORMATIONAL.has(change.kind)) continue;
    for (const op of change.operations) {
      // An operation new in this change is listed as new, not as changed; a removed one counts once.
      if (diff.added.includes(op)) continue;
      if (diff.removed.includes(op) && change.kind !== 'operation-removed') continue;
      for (const m of methods.filter((m) => m.operation === op)) {
        let entry = affected.get(m.name);
        if (!entry)
          affected.set(
            m.name,
            (entry = { method: m.name, operation: op, breaking: 0, compatible: 0 }),
          );
        entry[change.byOperation?.[op] ?? change.verdict]++;
      }
    }
  }
  const exposed = new Set(methods.map((m) => m.operation));
  const notExposed = diff.operations
    .filter((op) => !exposed.has(op.id))
    .map((op) => ({
      operation: op.id,
      where: `${op.method} ${op.path}`,
      isNew: diff.added.includes(op.id),
    }));
  const breaking = diff.changes.filter((c) => c.verdict === 'breaking').length;
  return {
    from: labelOf(oldDoc, labels.from),
    to: labelOf(newDoc, labels.to),
    summary: { breaking, compatible: diff.changes.length - breaking },
    changes: diff.changes,
    facade: {
      affected: [...affected.values()].sort((a, b) => a.method.localeCompare(b.method)),
      notExposed,
    },
  };
}

const SECTIONS: { title: string; test: (c: Change) => boolean }[] = [
  { title: 'Operations', test: (c) => c.kind.startsWith('operation-') },
  {
    title: 'Parameters, bodies and responses',
    test: (c) => !c.kind.startsWith('operation-') && c.schema === undefined,
  },
  { title: 'Schemas', test: (c) => c.schema !== undefined },
];

const isFacade = (file: string): boolean =>
  file.startsWith('src/resources/') || file === 'src/client.ts';

function typeCheckLines(check: TypeCheck | undefined): string[] {
  if (!check) return [];
  if (check.failure) return [`Type check (tsc --noEmit) could not run: ${check.failure}`];
  if (check.ok) return ['Type check (tsc --noEmit) after regeneration: no errors.'];
  const byFile = new Map<string, number>();
  for (const e of check.errors) byFile.set(e.file, (byFile.get(e.file) ?? 0) + 1);
  // The facade's resources are what users call: their errors come first among those printed.
  const facadeFirst = [...check.errors].sort(
    (a, b) => Number(!isFacade(a.file)) - Number(!isFacade(b.file)),
  );
  return [
    `Type check (tsc --noEmit) after regeneration: ${check.errors.length} error(s) in ${byFile.size} file(s):`,
    ...[...byFile].map(([file, n]) => `  ${file}: ${n}`),
    ...facadeFirst.slice(0, 10).map((e) => `  ${e.file}:${e.line} ${e.code} ${e.message}`),
    ...(check.errors.length > 10 ? [`  … ${check.errors.length - 10} more`] : []),
  ];
}

function nextSteps(report: ChangeReport): string[] {
  const lines: string[] = [];
  const { affected, notExposed } = report.facade;
  if (affected.length) {
    lines.push('Facade methods whose operation changed:');
    for (const a of affected)
      lines.push(
        `  ft.${a.method} (${a.operation}): ${a.breaking} breaking, ${a.compatible} compatible`,
      );
  } else lines.push('No facade method is affected.');
  if (notExposed.length) {
    lines.push('Operations the facade does not expose:');
    for (const m of notExposed)
      lines.push(`  ${m.operation} (${m.where})${m.isNew ? ', new in this change' : ''}`);
  }
  lines.push(...typeCheckLines(report.typeCheck));
  return lines;
}

/**
 * The lines of one section. New schemas come with new operations or properties, which have their
 * own lines; they are listed together on one line to keep the report to a screen.
 */
function sectionLines(
  changes: Change[],
): { verdict: Change['verdict']; where: string; message: string }[] {
  const added = changes.filter((c) => c.kind === 'schema-added');
  const rest = changes.filter((c) => c.kind !== 'schema-added');
  return [
    ...rest.map((c) => {
      const breaks = c.byOperation
        ? Object.keys(c.byOperation).filter((op) => c.byOperation![op] === 'breaking')
        : [];
      return breaks.length
        ? { ...c, message: `${c.message} (breaks ${breaks.join(', ')}; compatible for the others)` }
        : c;
    }),
    ...(added.length
      ? [
          {
            verdict: 'compatible' as const,
            where: `${added.length} schema(s) added`,
            message: added.map((c) => c.schema).join(', '),
          },
        ]
      : []),
  ];
}

export function formatText(report: ChangeReport): string {
  const { breaking, compatible } = report.summary;
  const lines = [
    `Fine-tuning surface: ${report.from.label} → ${report.to.label}`,
    `${breaking} breaking, ${compatible} compatible change(s)`,
  ];
  for (const section of SECTIONS) {
    const changes = report.changes.filter(section.test);
    if (!changes.length) continue;
    lines.push('', `${section.title}:`);
    for (const c of sectionLines(changes))
      lines.push(
        `  ${c.verdict === 'breaking' ? 'BREAKING  ' : 'compatible'}  ${c.where}: ${c.message}`,
      );
  }
  lines.push('', ...nextSteps(report));
  return `${lines.join('\n')}\n`;
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

export function formatMarkdown(report: ChangeReport): string {
  const { breaking, compatible } = report.summary;
  const lines = [
    `## OpenAI spec update: ${report.from.label} → ${report.to.label}`,
    '',
    `**${breaking} breaking**, ${compatible} compatible change(s) to the fine-tuning surface.`,
  ];
  for (const section of SECTIONS) {
    const changes = report.changes.filter(section.test);
    if (!changes.length) continue;
    lines.push('', `### ${section.title}`, '', '| | where | change |', '| --- | --- | --- |');
    for (const c of sectionLines(changes))
      lines.push(
        `| ${c.verdict === 'breaking' ? '**breaking**' : 'compatible'} | ${code(c.where)} | ${c.message.replace(/\|/g, '\\|')} |`,
      );
  }
  lines.push('', '### What to do next', '', '```', ...nextSteps(report), '```');
  return `${lines.join('\n')}\n`;
}

export function formatJson(report: ChangeReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
