// spec:update against a temporary copy of the project: a failed run changes nothing, a good one
// replaces the pin, re-trims, regenerates, reports, and type-checks the facade.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/project.ts';
import { updateSpec } from '../../scripts/spec-update.ts';
import { snapshot, tempProject } from '../helpers/temp-project.ts';

const run = promisify(execFile);
const OLD = join(ROOT, 'test', 'fixtures', 'upstream', 'openai-openapi.2025-04-29.498c71d.yaml.gz');
const PINNED = join(ROOT, 'openapi', 'upstream', 'openai-openapi.2026-08-21.f85dbe2.yaml.gz');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

describe('spec:update that fails halfway', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  let server: Server;
  let base: string;
  let before: { openapi: Record<string, string>; generated: Record<string, string> };

  beforeAll(async () => {
    project = await tempProject();
    before = {
      openapi: await snapshot(project.root, 'openapi'),
      generated: await snapshot(project.root, 'generated'),
    };
    server = createServer((_req, res) => {
      res.statusCode = 404;
      res.end('not here');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await project.remove();
  });

  const unchanged = async () => {
    expect(await snapshot(project.root, 'openapi')).toEqual(before.openapi);
    expect(await snapshot(project.root, 'generated')).toEqual(before.generated);
    const staging = await readdir(join(project.root, '.tmp')).catch(() => [] as string[]);
    expect(staging.filter((name) => name.startsWith('spec-update-'))).toEqual([]);
  };

  it('an unreadable URL', async () => {
    await expect(updateSpec(`${base}/openapi.yaml`, { root: project.root })).rejects.toThrow(
      /Could not download .*openapi\.yaml: HTTP 404/,
    );
    await unchanged();
  });

  it('a file that is not an OpenAPI document', async () => {
    const path = join(project.root, 'not-openapi.yaml');
    await writeFile(path, 'hello: world\n');
    await expect(updateSpec(path, { root: project.root })).rejects.toThrow(
      /not an OpenAPI 3\.0\/3\.1 document: the top-level `openapi` version field is missing/,
    );
    await unchanged();
  });

  it('a spec that lacks a path the SDK keeps', async () => {
    const path = join(project.root, 'no-files.json');
    await writeFile(
      path,
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 't', version: '1' },
        paths: { '/fine_tuning/jobs': {} },
      }),
    );
    await expect(updateSpec(path, { root: project.root })).rejects.toThrow(
      /lacks paths the SDK needs: \/files, \/files\/\{file_id\}/,
    );
    await unchanged();
  });

  it('the command line says nothing changed and exits 2', async () => {
    const failure = await run(process.execPath, [
      TSX,
      join(ROOT, 'scripts', 'spec-update.ts'),
      `${base}/x.yaml`,
      '--root',
      project.root,
    ]).catch((e) => e);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toMatch(
      /spec:update failed: Could not download .*HTTP 404\nNothing in openapi\/ or generated\/ was changed\./,
    );
    await unchanged();
  });
});

describe('spec:update whose swap fails', () => {
  it('puts openapi/ back when generated/ cannot be moved aside', { timeout: 120_000 }, async () => {
    const project = await tempProject();
    try {
      await rm(join(project.root, 'generated'), { recursive: true });
      const before = await snapshot(project.root, 'openapi');
      await expect(updateSpec(OLD, { root: project.root, typeCheck: false })).rejects.toThrow(
        /ENOENT.*rename/,
      );
      expect(await snapshot(project.root, 'openapi')).toEqual(before);
      expect(await snapshot(project.root, 'generated')).toEqual({});
      expect(
        (await readdir(join(project.root, '.tmp'))).filter((name) =>
          name.startsWith('spec-update-'),
        ),
      ).toEqual([]);
    } finally {
      await project.remove();
    }
  });
});

describe('spec:update that succeeds', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  beforeAll(async () => {
    project = await tempProject();
  });
  afterAll(async () => {
    await project.remove();
  });

  it('pins, re-trims, regenerates, reports and type-checks; back again restores the committed tree', {
    timeout: 240_000,
  }, async () => {
    const committed = {
      openapi: await snapshot(ROOT, 'openapi'),
      generated: await snapshot(ROOT, 'generated'),
    };

    // Down to the older spec through the command line: four operations the facade uses disappear.
    const down = await run(
      process.execPath,
      [
        TSX,
        join(ROOT, 'scripts', 'spec-update.ts'),
        OLD,
        '--root',
        project.root,
        '--fail-on-breaking',
      ],
      { cwd: project.root },
    ).catch((e) => e);
    expect(down.code).toBe(1);
    expect(down.stdout).toContain(
      'pinned openapi/upstream/openai-openapi.2025-04-29.498c71d.yaml.gz',
    );
    expect(down.stdout).toContain(
      'BREAKING    POST /fine_tuning/jobs/{fine_tuning_job_id}/pause: operation removed (pauseFineTuningJob)',
    );
    // Other modules built on the graders (the local server, training data) break too; the facade's two files must be listed.
    expect(down.stdout).toMatch(
      /Type check \(tsc --noEmit\) after regeneration: \d+ error\(s\) in \d+ file\(s\):\n(?: {2}src\/\S+: \d+\n)*? {2}src\/resources\/graders\.ts: \d+\n {2}src\/resources\/jobs\.ts: \d+/,
    );
    expect(down.stdout).toContain("has no exported member named 'pauseFineTuningJob'");
    expect(down.stdout).toContain(
      '  ft.jobs.pause (pauseFineTuningJob): 1 breaking, 0 compatible\n',
    );
    expect(down.stdout).toContain('  ft.graders.run (runGrader): 1 breaking, 0 compatible\n');

    const upstream = join(project.root, 'openapi', 'upstream');
    // The legacy /fine-tunes pin (openapi/upstream/legacy/) is not spec:update's to change.
    expect((await readdir(upstream)).sort()).toEqual([
      'LICENSE-openai-openapi',
      'legacy',
      'openai-openapi.2025-04-29.498c71d.yaml.gz',
      'upstream.json',
    ]);
    expect(JSON.parse(await readFile(join(upstream, 'upstream.json'), 'utf8'))).toMatchObject({
      file: 'openai-openapi.2025-04-29.498c71d.yaml.gz',
      repository: 'https://github.com/openai/openai-openapi',
      commit: '498c71d',
      date: '2025-04-29',
      sha256: '6a6c681b182002de4ad335fa80214158f2d8f383a418f865c87876c3ed67cad9',
    });
    expect(await readFile(join(project.root, 'openapi', 'fine-tuning.yaml'), 'utf8')).toContain(
      'source: openapi/upstream/openai-openapi.2025-04-29.498c71d.yaml.gz',
    );
    expect(await readFile(join(project.root, 'generated', 'sdk.gen.ts'), 'utf8')).not.toContain(
      'pauseFineTuningJob',
    );
    const json = JSON.parse(
      await readFile(join(project.root, '.tmp', 'spec-report', 'report.json'), 'utf8'),
    );
    expect(json.summary.breaking).toBeGreaterThan(0);
    expect(json.typeCheck.ok).toBe(false);
    expect(
      await readFile(join(project.root, '.tmp', 'spec-report', 'report.md'), 'utf8'),
    ).toContain('## OpenAI spec update: f85dbe2 (2026-08-21) → 498c71d (2025-04-29)');

    // Up to the current spec again: byte for byte what the project commits, and the facade compiles.
    const up = await updateSpec(PINNED, {
      root: project.root,
      markdown: join(project.root, 'up.md'),
      json: join(project.root, 'up.json'),
    });
    expect(up.report.facade.affected.map((a) => a.method)).toContain('jobs.create');
    expect(
      up.report.changes.filter((c) => c.kind === 'operation-added').map((c) => c.operations[0]),
    ).toEqual(['runGrader', 'validateGrader', 'pauseFineTuningJob', 'resumeFineTuningJob']);
    expect(up.report.typeCheck).toEqual({ ok: true, errors: [] });
    expect(up.written).toEqual([join(project.root, 'up.md'), join(project.root, 'up.json')]);
    expect(await snapshot(project.root, 'openapi')).toEqual(committed.openapi);
    expect(await snapshot(project.root, 'generated')).toEqual(committed.generated);
  });
});
