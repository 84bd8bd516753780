// The demo's check of its dataset before uploading it: every line a JSON object with a `messages`
// array that ends in an assistant turn. A minimal stand-in: when the package's own training-data
// validator lands, the demo calls that instead (this is the only place to change).

export interface DatasetReport {
  examples: number;
  problems: string[];
}

export function checkDataset(text: string): DatasetReport {
  const problems: string[] = [];
  let examples = 0;
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    examples += 1;
    let parsed: { messages?: Array<{ role?: string }> };
    try {
      parsed = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not valid JSON`);
      return;
    }
    if (!Array.isArray(parsed.messages) || parsed.messages.length === 0) problems.push(`line ${i + 1}: no \`messages\` array`);
    else if (parsed.messages.at(-1)?.role !== 'assistant') problems.push(`line ${i + 1}: the last message is not from the assistant`);
  });
  if (examples < 10) problems.push(`${examples} examples; fine-tuning needs at least 10`);
  return { examples, problems };
}
