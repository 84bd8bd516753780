// Types of pagination: items are typed per operation, and only list operations paginate.
import { describe, expectTypeOf, it } from 'vitest';
import {
  FineTuning,
  createFineTuningCheckpointPermission,
  listFiles,
  listFineTuningCheckpointPermissions,
  listFineTuningEvents,
  listFineTuningJobCheckpoints,
  listPaginatedFineTuningJobs,
  paginate,
  retrieveFineTuningJob,
  runGrader,
  type FineTuningCheckpointPermission,
  type FineTuningJob,
  type FineTuningJobCheckpoint,
  type FineTuningJobEvent,
  type ListFilesResponse,
  type ListPaginatedFineTuningJobsResponse,
  type OpenAiFile,
  type Page,
  type PagePromise,
} from '../../src/index.ts';

const ft = new FineTuning({ apiKey: 'sk-test' });
type Iterated<T> = T extends AsyncIterable<infer I> ? I : never;

describe('facade list methods', () => {
  it('iterate typed items', () => {
    expectTypeOf<Iterated<ReturnType<typeof ft.jobs.list>>>().toEqualTypeOf<FineTuningJob>();
    expectTypeOf<
      Iterated<ReturnType<typeof ft.jobs.listEvents>>
    >().toEqualTypeOf<FineTuningJobEvent>();
    expectTypeOf<
      Iterated<ReturnType<typeof ft.jobs.listCheckpoints>>
    >().toEqualTypeOf<FineTuningJobCheckpoint>();
    expectTypeOf<
      Iterated<ReturnType<typeof ft.checkpoints.permissions.list>>
    >().toEqualTypeOf<FineTuningCheckpointPermission>();
    expectTypeOf<Iterated<ReturnType<typeof ft.files.list>>>().toEqualTypeOf<OpenAiFile>();
  });

  it('await to a page that keeps the body fields', () => {
    const files = ft.files.list();
    expectTypeOf(files).toEqualTypeOf<PagePromise<ListFilesResponse>>();
    expectTypeOf<Awaited<typeof files>>().toEqualTypeOf<Page<ListFilesResponse>>();
    expectTypeOf<Awaited<typeof files>['last_id']>().toEqualTypeOf<string>();
    expectTypeOf<Awaited<typeof files>['hasMore']>().toEqualTypeOf<boolean>();
    expectTypeOf<
      Awaited<ReturnType<Awaited<typeof files>['nextPage']>>
    >().toEqualTypeOf<Page<ListFilesResponse> | null>();
    expectTypeOf(files.toArray).returns.resolves.toEqualTypeOf<OpenAiFile[]>();
  });
});

describe('paginate()', () => {
  const client = ft.client;

  it('accepts every generated list function and types its items', () => {
    const jobs = paginate(listPaginatedFineTuningJobs, {
      client,
      query: { limit: 5, metadata: null },
    });
    expectTypeOf(jobs).toEqualTypeOf<PagePromise<ListPaginatedFineTuningJobsResponse>>();
    expectTypeOf<Iterated<typeof jobs>>().toEqualTypeOf<FineTuningJob>();
    const events = paginate(listFineTuningEvents, {
      client,
      path: { fine_tuning_job_id: 'ftjob-1' },
    });
    expectTypeOf<Iterated<typeof events>>().toEqualTypeOf<FineTuningJobEvent>();
    const checkpoints = paginate(listFineTuningJobCheckpoints, {
      client,
      path: { fine_tuning_job_id: 'ftjob-1' },
    });
    expectTypeOf<Iterated<typeof checkpoints>>().toEqualTypeOf<FineTuningJobCheckpoint>();
    const permissions = paginate(listFineTuningCheckpointPermissions, {
      client,
      path: { fine_tuned_model_checkpoint: 'ft:x' },
      query: { order: 'ascending', project_id: 'proj_a' },
    });
    expectTypeOf<Iterated<typeof permissions>>().toEqualTypeOf<FineTuningCheckpointPermission>();
    const files = paginate(listFiles, { client, query: { purpose: 'fine-tune' } });
    expectTypeOf(files).toEqualTypeOf<PagePromise<ListFilesResponse>>();
    expectTypeOf<Iterated<typeof files>>().toEqualTypeOf<OpenAiFile>();
  });

  it('refuses generated functions that do not list', () => {
    // @ts-expect-error retrieve answers one job, not a list page
    paginate(retrieveFineTuningJob, { client, path: { fine_tuning_job_id: 'ftjob-1' } });
    // @ts-expect-error a POST whose body is list-shaped but which takes no `after` cursor
    paginate(createFineTuningCheckpointPermission, {
      client,
      path: { fine_tuned_model_checkpoint: 'ft:x' },
      body: { project_ids: [] },
    });
    // @ts-expect-error graders do not list
    paginate(runGrader, {
      client,
      body: {
        grader: { type: 'string_check', name: 'n', input: 'a', reference: 'b', operation: 'eq' },
        model_sample: 'x',
      },
    });
  });

  it("requires the client and the operation's own parameters", () => {
    // @ts-expect-error the facade's client must be passed
    paginate(listFiles, { query: { purpose: 'fine-tune' } });
    // @ts-expect-error events need the job id
    paginate(listFineTuningEvents, { client });
    paginate(listFineTuningEvents, {
      client,
      path: { fine_tuning_job_id: 'ftjob-1' },
      // @ts-expect-error `limit` is a number
      query: { limit: 'ten' },
    });
  });
});
