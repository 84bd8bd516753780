import { stringify } from 'yaml';

/** Serialises a document the same way on every run (no line folding, no anchors). */
export function toYaml(doc: unknown, header: string): string {
  const body = stringify(doc, {
    lineWidth: 0,
    aliasDuplicateObjects: false,
    sortMapEntries: false,
  });
  return `${header
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n')}\n${body}`;
}
