// The GitHub workflows: actionlint passes them (and fails a broken one), and they keep the promises
// docs/architecture.md makes: CI is `bash .ci/run` on pull requests and pushes, the watcher runs
// weekly and by hand, every action is pinned by commit, and each job gets only the permissions it uses.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/project.ts';
import { lintWorkflows, NoWorkflowsError } from '../../scripts/lint-workflows.ts';

const run = promisify(execFile);
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const LINT = join(ROOT, 'scripts', 'lint-workflows.ts');
const WORKFLOWS = join(ROOT, '.github', 'workflows');

type Node = Record<string, any>;
const workflow = async (name: string) =>
  parse(await readFile(join(WORKFLOWS, name), 'utf8')) as Node;

describe('actionlint', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oft-workflows-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes the repository workflows', async () => {
    const { files, findings } = await lintWorkflows(WORKFLOWS);
    expect(files.map((f) => f.slice(WORKFLOWS.length + 1))).toEqual(['ci.yml', 'spec-watch.yml']);
    expect(findings).toEqual([]);
  });

  it('fails a broken workflow, naming the file, line and column, with exit status 1', async () => {
    const broken = join(dir, 'broken');
    await mkdir(broken);
    await writeFile(
      join(broken, 'ci.yml'),
      [
        'on: push',
        'permissions:',
        '  pull-request: write',
        'jobs:',
        '  test:',
        '    runs-on: ubuntu-latest',
        '    needs: build',
        '    steps:',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
        '      - run: echo ${{ github.evnt }}',
        '',
      ].join('\n'),
    );
    const { code, stdout } = await run(process.execPath, [TSX, LINT, broken]).catch((e) => e);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /ci\.yml:3:3: unknown permission scope "pull-request"\. .*\[permissions\]/,
    );
    expect(stdout).toMatch(
      /ci\.yml:5:3: job "test" needs job "build" which does not exist .*\[job-needs\]/,
    );
    expect(stdout).toMatch(
      /ci\.yml:9:23: property "evnt" is not defined in object type .*\[expression\]/,
    );
    expect(stdout).toMatch(/actionlint: 1 workflow file\(s\) in .*broken, 3 problem\(s\)\n$/);
  });

  it('a folder with no workflow is an error, not a pass (exit status 2)', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    await expect(lintWorkflows(empty)).rejects.toThrow(NoWorkflowsError);
    const { code, stderr } = await run(process.execPath, [TSX, LINT, empty]).catch((e) => e);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `lint:workflows failed: ${empty} has no workflow files (*.yml, *.yaml) to check\n`,
    );
  });
});

describe('the workflows', () => {
  it('ci.yml runs bash .ci/run on pull requests and pushes to main, reading only', async () => {
    const ci = await workflow('ci.yml');
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(ci.on.push.branches).toEqual(['main']);
    expect(ci.permissions).toEqual({ contents: 'read' });
    const steps = ci.jobs.ci.steps as Node[];
    expect(steps.at(-1)).toEqual({ name: 'bash .ci/run', run: 'bash .ci/run' });
    // The shared folder the replay tests read is laid beside the clone before .ci/run.
    expect(steps.map((s) => s.name)).toContain('Lay ../shared beside the clone');
  });

  it('spec-watch.yml runs weekly and by hand, and opens a labelled pull request', async () => {
    const watch = await workflow('spec-watch.yml');
    expect(watch.on.schedule).toHaveLength(1);
    expect(watch.on.schedule[0].cron).toMatch(/^\d+ \d+ \* \* [0-6]$/);
    expect(Object.keys(watch.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(watch.permissions).toEqual({});
    expect(watch.jobs.watch.permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
    });
    const steps = watch.jobs.watch.steps as Node[];
    expect(steps.find((s) => s.id === 'watch')?.run).toContain('npm run spec:watch -- ');
    const pr = steps.find((s) =>
      String(s.uses).startsWith('peter-evans/create-pull-request@'),
    ) as Node;
    expect(pr.if).toBe("steps.watch.outputs.changed == 'true'");
    expect(pr.with.labels).toBe('upstream-update');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression
    expect(pr.with['body-path']).toBe('${{ steps.watch.outputs.body }}');
  });

  it('pins every action by its full commit', async () => {
    for (const name of ['ci.yml', 'spec-watch.yml']) {
      const text = await readFile(join(WORKFLOWS, name), 'utf8');
      const uses = [...text.matchAll(/uses:\s*(\S+)/g)].map((m) => m[1]!);
      expect(uses.length).toBeGreaterThan(0);
      for (const ref of uses)
        expect(ref, `${name}: ${ref}`).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    }
  });
});
