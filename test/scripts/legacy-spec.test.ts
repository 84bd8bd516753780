// openapi/legacy-fine-tunes.yaml: built from the pinned extract, in OpenAPI 3.1 form, the same
// bytes on every run.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { LEGACY_SPEC, legacySpec } from '../../scripts/lib/legacy.ts';
import { SpecInputError } from '../../scripts/lib/source.ts';
import { legacyToText } from '../../scripts/legacy-spec.ts';
import type { CreateFineTuneRequest } from '../../src/legacy/index.ts';

const provenance = { repository: 'r', path: 'p', commit: 'c', date: 'd', sha256: 's', source: 'x' };

describe('the legacy spec', () => {
  it('is deterministic and is what is committed', async () => {
    const first = await legacyToText();
    expect(await legacyToText()).toBe(first);
    expect(await readFile(LEGACY_SPEC, 'utf8')).toBe(first);
  });

  it('is OpenAPI 3.1: `model` (nullable without a type) admits null through its union, no 3.0 keyword is left', async () => {
    const text = await legacyToText();
    const doc = parse(text);
    expect(doc.openapi).toBe('3.1.0');
    expect(text).not.toMatch(/nullable:|x-oai/);
    const model = doc.components.schemas.CreateFineTuneRequest.properties.model;
    expect(model.anyOf).toContainEqual({ type: 'null' });
    expect(model.default).toBe('curie');
    expect(doc.components.schemas.CreateFineTuneRequest.properties.batch_size.type).toEqual([
      'integer',
      'null',
    ]);
    expect(Object.keys(doc.paths)).toEqual([
      '/fine-tunes',
      '/fine-tunes/{fine_tune_id}',
      '/fine-tunes/{fine_tune_id}/cancel',
      '/fine-tunes/{fine_tune_id}/events',
    ]);
    expect(doc.info['x-upstream']).toMatchObject({
      commit: '3d9e0ae',
      source: 'openapi/upstream/legacy/legacy-fine-tunes.2023-12-22.3d9e0ae.yaml.gz',
    });
    // The generated type carries the null through.
    expectTypeOf<CreateFineTuneRequest['model']>().toEqualTypeOf<string | null | undefined>();
  });

  it('refuses an extract that lacks one of the five operations', () => {
    const doc = {
      openapi: '3.0.0',
      paths: { '/fine-tunes': { get: { operationId: 'listFineTunes' } } },
    };
    expect(() => legacySpec(doc, provenance)).toThrow(SpecInputError);
    expect(() => legacySpec(doc, provenance)).toThrow(/lacks post \/fine-tunes \(createFineTune\)/);
  });
});
