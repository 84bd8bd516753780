// TypeDoc checks of the API reference beyond its own validation (npm run docs:check):
// - every export of the hand-written code (src/) has a summary: classes, interfaces, type
//   aliases, functions, variables, methods, and the method groups of `FineTuning`. TypeDoc's own
//   `notDocumented` is off because it would also demand it of generated/, whose text is the
//   upstream spec's and is never edited by hand;
// - every optional property of an exported `…Options` interface states its `@default`;
// - every exported class or interface with methods (a method group) carries an `@example`.
// Failures are warnings, and typedoc.json makes warnings errors.
// It also drops one warning that is not the project's: the upstream spec's descriptions link to
// the OpenAI docs with relative paths (`../admin-api-keys`), which TypeDoc reads as missing files.
import { Converter, ReflectionKind } from 'typedoc';

const UPSTREAM_RELATIVE_LINK = /The relative path \.\.\/[\w-]+ is not a file/;

/** @param {import('typedoc').Application} app */
export function load(app) {
  const upstream = (message) => UPSTREAM_RELATIVE_LINK.test(String(message));
  const warn = app.logger.warn.bind(app.logger);
  app.logger.warn = (message, ...rest) => (upstream(message) ? undefined : warn(message, ...rest));
  const validationWarning = app.logger.validationWarning.bind(app.logger);
  app.logger.validationWarning = (message, ...rest) =>
    upstream(message) ? undefined : validationWarning(message, ...rest);

  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const project = context.project;
    const fromSource = (r) => r.sources?.some((s) => !s.fileName.includes('generated/'));
    const kinds =
      ReflectionKind.Class |
      ReflectionKind.Interface |
      ReflectionKind.TypeAlias |
      ReflectionKind.Function |
      ReflectionKind.Variable |
      ReflectionKind.Method |
      ReflectionKind.Accessor |
      ReflectionKind.Property;
    for (const r of project.getReflectionsByKind(kinds)) {
      if (!fromSource(r) || r.flags.isPrivate || r.inheritedFrom || r.name.startsWith('['))
        continue;
      if (r.kind === ReflectionKind.Property && !(r.parent?.name === 'FineTuning')) continue;
      const signatures = r.signatures ?? (r.getSignature ? [r.getSignature] : []);
      const summary =
        r.comment?.summary.length || signatures.some((s) => s.comment?.summary.length);
      if (!summary)
        app.logger.warn(
          `${r.getFullName()} (${ReflectionKind.singularString(r.kind)}, ${r.sources?.[0]?.fileName}) has no summary.`,
        );
    }
    for (const r of project.getReflectionsByKind(ReflectionKind.Interface)) {
      if (!r.name.endsWith('Options') || !fromSource(r)) continue;
      for (const prop of r.children ?? []) {
        if (prop.flags.isOptional && fromSource(prop) && !prop.comment?.getTag('@default')) {
          app.logger.warn(
            `${r.name}.${prop.name} is an option without a @default tag (say what applies when it is not given).`,
          );
        }
      }
    }
    for (const r of project.getReflectionsByKind(ReflectionKind.Class | ReflectionKind.Interface)) {
      if (!fromSource(r)) continue;
      const methods = (r.children ?? []).filter(
        (c) => c.kind === ReflectionKind.Method && !c.flags.isPrivate && !c.inheritedFrom,
      );
      if (methods.length && !r.comment?.getTag('@example')) {
        app.logger.warn(
          `${r.name} (${methods.length} methods) has no @example: show one call of the group.`,
        );
      }
    }
  });
}
