// Every symbol of `openai-fine-tuning/legacy`, and every member of LegacyFineTunes, carries a
// `@deprecated` tag that names its modern replacement, so editors strike it through and say where to go.
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/project.ts';

const MODERN =
  /FineTuning\b|FineTuning#|fine_tuning|CreateFineTuningJobRequest|FineTuningJob|ListPaginatedFineTuningJobsResponse/;

function deprecationsOf(entry: string): Map<string, string | undefined> {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const found = new Map<string, string | undefined>();
  const record = (name: string, symbol: ts.Symbol) => {
    const tag = symbol.getJsDocTags(checker).find((t) => t.name === 'deprecated');
    found.set(name, tag ? ts.displayPartsToString(tag.text) : undefined);
  };
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    record(exported.name, symbol);
    if (symbol.flags & ts.SymbolFlags.Class) {
      for (const member of symbol.members?.values() ?? []) {
        // `name` is the Error class's own label, not API.
        if (
          member.name === '__constructor' ||
          member.name === 'name' ||
          member.name.startsWith('#')
        )
          continue;
        const all = member.declarations ?? [];
        // With overloads, the implementation signature is not visible to callers.
        const declarations =
          all.length > 1 ? all.filter((d) => !(ts.isMethodDeclaration(d) && d.body)) : all;
        // Overloads: each signature carries its own tag.
        for (const [i, declaration] of declarations.entries()) {
          const tags = ts.getJSDocTags(declaration).filter((t) => t.tagName.text === 'deprecated');
          found.set(
            `${exported.name}#${member.name}${declarations.length > 1 ? `[${i}]` : ''}`,
            tags.length ? (ts.getTextOfJSDocComment(tags[0]!.comment) ?? '') : undefined,
          );
        }
      }
    }
  }
  return found;
}

describe('openai-fine-tuning/legacy', () => {
  it('marks every export and every LegacyFineTunes member @deprecated, naming the modern replacement', () => {
    const found = deprecationsOf(join(ROOT, 'src', 'legacy', 'index.ts'));
    for (const name of [
      'LegacyFineTunes',
      'LegacyEventStream',
      'EventStreamError',
      'toModernJobRequest',
      'FineTune',
      'LegacyFineTunes#create',
      'LegacyFineTunes#listEvents[1]',
    ]) {
      expect([...found.keys()]).toContain(name);
    }
    const missing = [...found].filter(([, text]) => text === undefined).map(([name]) => name);
    expect(missing, 'symbols without @deprecated').toEqual([]);
    const unnamed = [...found]
      .filter(([, text]) => !MODERN.test(text ?? ''))
      .map(([name, text]) => `${name}: ${text}`);
    expect(unnamed, 'deprecations that name no modern replacement').toEqual([]);
  });
});
