// Every list method iterated with `for await` against the project's local API server (which
// answers as openapi/fine-tuning.yaml says): the items equal what the pages hold, in the API's order.
import { describe, expect, it } from 'vitest';
import { TRAINING_JSONL, useLocalServer } from '../helpers/local-server.ts';

const ctx = useLocalServer();
const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

describe('for await against the local server', () => {
  it('jobs.list walks 250 jobs newest first, keeping the metadata filter on every page', async () => {
    const file = await ctx.ft.files.create({
      file: TRAINING_JSONL,
      filename: 'train.jsonl',
      purpose: 'fine-tune',
    });
    const created: string[] = [];
    for (let i = 0; i < 250; i++) {
      const job = await ctx.ft.jobs.create({
        model: 'gpt-4o-mini',
        training_file: file.id,
        metadata: { batch: 'iterate' },
      });
      created.push(job.id);
    }
    await ctx.ft.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file.id,
      metadata: { batch: 'other' },
    });
    const seen: string[] = [];
    for await (const job of ctx.ft.jobs.list({ limit: 100, metadata: { batch: 'iterate' } }))
      seen.push(job.id);
    expect(seen).toEqual([...created].reverse());
    expect(
      ids(
        await ctx.ft.jobs.list({ limit: 7, metadata: { batch: 'iterate' } }).toArray({ max: 10 }),
      ),
    ).toEqual(seen.slice(0, 10));
  });

  it('jobs.listEvents and checkpoints.permissions.list give every item across pages in the API order', async () => {
    const file = await ctx.ft.files.create({
      file: TRAINING_JSONL,
      filename: 'train.jsonl',
      purpose: 'fine-tune',
    });
    // 3 epochs: every event fits one page of 100 (auto would train 10 on 10 examples).
    const job = await ctx.ft.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file.id,
      hyperparameters: { n_epochs: 3 },
    });
    ctx.server.settle();
    const allEvents = (await ctx.ft.jobs.listEvents(job.id, { limit: 100 })).data;
    expect(allEvents.length).toBeGreaterThan(3);
    expect(ids(await ctx.ft.jobs.listEvents(job.id, { limit: 2 }).toArray())).toEqual(
      ids(allEvents),
    );

    const model = (await ctx.ft.jobs.retrieve(job.id)).fine_tuned_model!;
    await ctx.ft.checkpoints.permissions.create(model, {
      project_ids: ['proj_a', 'proj_b', 'proj_c', 'proj_d'],
    });
    const ascending: string[] = [];
    for await (const p of ctx.ft.checkpoints.permissions.list(model, {
      order: 'ascending',
      limit: 1,
    }))
      ascending.push(p.project_id);
    expect(ascending).toEqual(['proj_a', 'proj_b', 'proj_c', 'proj_d']);
    const pages = [];
    for await (const page of ctx.ft.checkpoints.permissions
      .list(model, { order: 'descending', limit: 3 })
      .pages()) {
      pages.push(page.data.map((p) => p.project_id));
    }
    expect(pages).toEqual([['proj_d', 'proj_c', 'proj_b'], ['proj_a']]);
  });

  it('files.list keeps purpose and order across pages', async () => {
    const uploaded: string[] = [];
    for (let i = 0; i < 5; i++) {
      const file = await ctx.ft.files.create({
        file: TRAINING_JSONL,
        filename: `f${i}.jsonl`,
        purpose: 'fine-tune',
      });
      uploaded.push(file.id);
    }
    const all = ids(
      (await ctx.ft.files.list({ purpose: 'fine-tune', order: 'asc', limit: 10_000 })).data,
    );
    expect(all).toEqual(expect.arrayContaining(uploaded));
    const first = await ctx.ft.files.list({ purpose: 'fine-tune', order: 'asc', limit: 2 });
    expect([first.data.length, first.hasMore]).toEqual([2, true]);
    expect(
      ids(await ctx.ft.files.list({ purpose: 'fine-tune', order: 'asc', limit: 2 }).toArray()),
    ).toEqual(all);
  });
});
