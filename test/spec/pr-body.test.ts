// The pull request body spec:watch writes, from reports made by hand: what breaks for users, each
// outcome of the type check, and the links to upstream. (test/spec/spec-watch.test.ts writes one
// from a real regeneration.)
import { describe, expect, it } from 'vitest';
import type { ChangeReport } from '../../scripts/lib/change-report.ts';
import type { PinnedUpstream } from '../../scripts/lib/project.ts';
import type { Change } from '../../scripts/lib/spec-diff.ts';
import { pullRequestBody } from '../../scripts/spec-watch.ts';

const PINNED: PinnedUpstream = {
  file: 'openai-openapi.2026-08-21.f85dbe2.yaml.gz',
  repository: 'https://github.com/openai/openai-openapi',
  path: 'openapi.yaml',
  commit: 'f85dbe2',
  date: '2026-08-21',
  sha256: '0'.repeat(64),
  license: 'MIT',
};
const UPSTREAM = {
  sha: '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b',
  date: '2026-12-01T09:30:00Z',
  title: 'Add `priority`',
};

const removed = (n: number): Change => ({
  kind: 'property-removed',
  verdict: 'breaking',
  where: `schema FineTuningJob.field_${n}`,
  message: 'property removed',
  schema: 'FineTuningJob',
  operations: ['retrieveFineTuningJob'],
});

function report(changes: Change[], typeCheck?: ChangeReport['typeCheck']): ChangeReport {
  const breaking = changes.filter((c) => c.verdict === 'breaking').length;
  return {
    from: { label: 'f85dbe2 (2026-08-21)' },
    to: { label: '1a2b3c4 (2026-12-01)' },
    summary: { breaking, compatible: changes.length - breaking },
    changes,
    facade: {
      affected: breaking
        ? [
            {
              method: 'jobs.retrieve',
              operation: 'retrieveFineTuningJob',
              breaking,
              compatible: 0,
            },
          ]
        : [],
      notExposed: [],
    },
    ...(typeCheck ? { typeCheck } : {}),
  };
}

describe('the pull request body', () => {
  it('links the upstream commit and the diff since the pin', () => {
    const body = pullRequestBody(report([]), PINNED, UPSTREAM);
    expect(body.split('\n')[0]).toBe(
      `Upstream [\`openai/openai-openapi\`](https://github.com/openai/openai-openapi) changed \`openapi.yaml\`: its newest commit is [\`1a2b3c4\`](https://github.com/openai/openai-openapi/commit/${UPSTREAM.sha}) of 2026-12-01 (“Add 'priority'”); the pin was \`f85dbe2\` of 2026-08-21. Every upstream change since the pin: [f85dbe2…1a2b3c4](https://github.com/openai/openai-openapi/compare/f85dbe2...${UPSTREAM.sha}).`,
    );
    const unknown = pullRequestBody(report([]), { ...PINNED, commit: 'unknown' }, UPSTREAM);
    expect(unknown).not.toContain('/compare/');
  });

  it('nothing breaks, the type check not run', () => {
    const body = pullRequestBody(report([]), PINNED, UPSTREAM);
    expect(body).toContain(
      '### What breaks for users\n\nNothing: every change is compatible for code that uses the SDK.\n\nThe type check was not run (`--no-type-check`).\n',
    );
  });

  it('breaking changes: the facade methods, the first 20 lines, and the type-check errors', () => {
    const changes = Array.from({ length: 23 }, (_, i) => removed(i));
    const body = pullRequestBody(
      report(changes, {
        ok: false,
        errors: [
          { file: 'src/resources/jobs.ts', line: 7, code: 'TS2339', message: 'gone' },
          { file: 'src/resources/jobs.ts', line: 9, code: 'TS2339', message: 'gone' },
          { file: 'test/x.test.ts', line: 1, code: 'TS2339', message: 'gone' },
        ],
      }),
      PINNED,
      UPSTREAM,
    );
    expect(body).toContain(
      '23 breaking change(s); the facade methods they touch: `ft.jobs.retrieve`.\n\n- `schema FineTuningJob.field_0`: property removed\n',
    );
    expect(body).toContain(
      '- `schema FineTuningJob.field_19`: property removed\n- … 3 more in the tables below\n',
    );
    expect(body).not.toContain('- `schema FineTuningJob.field_20`');
    expect(body).toContain(
      '`tsc --noEmit` finds 3 error(s) in 2 file(s) after regenerating: fix them on this branch before merging (listed under "What to do next").',
    );
    expect(body).toContain('  src/resources/jobs.ts:7 TS2339 gone');
  });

  it('a type check that could not run says so', () => {
    const body = pullRequestBody(
      report([], { ok: false, errors: [], failure: 'tsc: not found' }),
      PINNED,
      UPSTREAM,
    );
    expect(body).toContain('The type check (`tsc --noEmit`) could not run: tsc: not found');
  });
});
