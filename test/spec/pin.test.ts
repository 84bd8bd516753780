// Naming and describing a new pin; reading which operation each facade method calls.
import { describe, expect, it } from 'vitest';
import { facadeMethods } from '../../scripts/lib/facade.ts';
import { inferOrigin, pinFor } from '../../scripts/lib/pin.ts';
import { readPinned, ROOT } from '../../scripts/lib/project.ts';

describe('inferOrigin', () => {
  it('reads date and commit from a snapshot name', () => {
    expect(inferOrigin('/x/openai-openapi.2025-04-29.498c71d.yaml.gz')).toEqual({
      date: '2025-04-29',
      commit: '498c71d',
    });
  });
  it('reads the commit from a raw GitHub URL', () => {
    expect(
      inferOrigin(
        'https://raw.githubusercontent.com/openai/openai-openapi/f85dbe2aa81c3b0d1e2f3a4b5c6d7e8f90a1b2c3/openapi.yaml',
      ),
    ).toEqual({ commit: 'f85dbe2' });
  });
  it('knows nothing of a plain name', () => {
    expect(inferOrigin('./openapi.yaml')).toEqual({});
  });
});

describe('pinFor', () => {
  const base = async () => ({
    previous: await readPinned(),
    sha256: 'ab'.repeat(32),
    today: '2026-11-22',
  });

  it('names the file after date and commit, and keeps repository, path and licence', async () => {
    const pin = pinFor({
      ...(await base()),
      location: 'openapi.yaml',
      commit: '1a2b3c4',
      date: '2026-09-30',
    });
    expect(pin).toEqual({
      file: 'openai-openapi.2026-09-30.1a2b3c4.yaml.gz',
      repository: 'https://github.com/openai/openai-openapi',
      path: 'openapi.yaml',
      commit: '1a2b3c4',
      date: '2026-09-30',
      sha256: 'ab'.repeat(32),
      license: 'MIT, see LICENSE-openai-openapi',
      note: expect.stringContaining('Unmodified snapshot'),
    });
  });
  it('falls back to today and the content hash when the commit is unknown', async () => {
    const pin = pinFor({ ...(await base()), location: 'openapi.yaml' });
    expect(pin.file).toBe('openai-openapi.2026-11-22.sha256-abababababab.yaml.gz');
    expect(pin.commit).toBe('unknown');
  });
  it('rejects a malformed commit or date, saying what is expected', async () => {
    const input = await base();
    expect(() => pinFor({ ...input, location: 'openapi.yaml', commit: 'main' })).toThrow(
      '--commit must be a git commit hash (7 to 40 hex digits), got "main"',
    );
    expect(() => pinFor({ ...input, location: 'openapi.yaml', date: '21/08/2026' })).toThrow(
      '--date must be YYYY-MM-DD, got "21/08/2026"',
    );
  });
});

describe('facadeMethods', () => {
  it('maps every resource method to the generated operation it calls', async () => {
    const methods = Object.fromEntries(
      (await facadeMethods(ROOT)).map((m) => [m.name, m.operation]),
    );
    expect(methods).toMatchObject({
      'jobs.create': 'createFineTuningJob',
      'jobs.pause': 'pauseFineTuningJob',
      'jobs.resume': 'resumeFineTuningJob',
      'graders.run': 'runGrader',
      'graders.validate': 'validateGrader',
      'files.create': 'createFile',
      'models.delete': 'deleteModel',
      'uploads.addPart': 'addUploadPart',
      'uploads.complete': 'completeUpload',
    });
    // The 25 fine-tuning, files, uploads and models operations and the 12 of the Evals API.
    expect(new Set(Object.values(methods)).size).toBe(37);
  });
});
