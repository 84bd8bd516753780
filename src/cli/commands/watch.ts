// `openai-ft jobs watch`: every active job at once, from the job listing. On a terminal, a table
// redrawn in place (status, progress, latest loss, ETA); in a pipe, one line per update. Ctrl-C
// stops watching (exit 130), never the jobs.
import type { Command } from 'commander';
import type { WatchUpdate } from '../../lifecycle/watch.ts';
import { ExitCode, UsageError } from '../errors.ts';
import { etaText } from '../format/bar.ts';
import { table } from '../format/table.ts';
import { liveSession } from '../live/region.ts';
import { keyValue, seconds } from '../parse.ts';
import type { Act } from './act.ts';

const loss = (x: number | undefined) => (x === undefined ? '' : x.toFixed(4));
const percent = (u: WatchUpdate) =>
  u.progress.fraction === undefined ? '' : `${Math.floor(u.progress.fraction * 100)}%`;

/** The pipe form: `ftjob-… status running` or `ftjob-… event Step 3/30: …`. */
export function watchLine(u: WatchUpdate): string {
  return u.type === 'status'
    ? `${u.jobId} status ${u.status}${u.job.fine_tuned_model ? ` ${u.job.fine_tuned_model}` : ''}`
    : `${u.jobId} event ${u.event.message}`;
}

/** The table of the jobs' latest updates, oldest job first. */
export function watchTable(latest: ReadonlyMap<string, WatchUpdate>, now: number): string[] {
  const rows = [...latest.values()];
  if (rows.length === 0) return ['No active jobs.'];
  return table(rows, [
    { header: 'job', value: (u) => u.jobId },
    { header: 'status', value: (u) => u.progress.status },
    { header: 'progress', value: percent, right: true },
    { header: 'train loss', value: (u) => loss(u.progress.trainLoss), right: true },
    {
      header: 'valid loss',
      value: (u) => loss(u.progress.fullValidLoss ?? u.progress.validLoss),
      right: true,
    },
    {
      header: 'eta',
      value: (u) =>
        u.progress.estimatedFinish ? etaText(u.progress.estimatedFinish.getTime() - now) : '',
    },
  ])
    .trimEnd()
    .split('\n');
}

export function watchCommand(jobs: Command, act: Act): void {
  jobs
    .command('watch')
    .description(
      'watch every active job, or the jobs named: status, progress, latest loss, ETA (Ctrl-C stops watching, not the jobs)',
    )
    .argument('[ids...]', 'job ids (ftjob-…) to watch, finished or not; default: every active job')
    .option('--history', 'also print the events the jobs had before watching started')
    .option('--metadata <k=v>', 'repeatable: only jobs with this metadata', keyValue('--metadata'))
    .option('--interval <seconds>', 'seconds between rounds', seconds('--interval'), 5)
    .option('--forever', 'keep watching for new jobs after the active ones end')
    .action(
      act(async (ctx, ids, o) => {
        const named = ids.filter((id): id is string => typeof id === 'string');
        if (named.length && o.forever)
          throw new UsageError('--forever watches for new jobs: give it no job ids.', ctx.command);
        const ft = ctx.client();
        const { signal, live, end } = liveSession(ctx);
        const latest = new Map<string, WatchUpdate>();
        // Between updates the table is redrawn every second, so the ETA counts down.
        const tick = live
          ? setInterval(() => {
              if (latest.size > 0) live.draw(watchTable(latest, Date.now()));
            }, 1000)
          : undefined;
        tick?.unref();
        try {
          const updates = ft.jobs.watch({
            events: true,
            pollInterval: o.interval * 1000,
            signal: signal,
            ...(o.metadata ? { metadata: o.metadata } : {}),
            ...(o.forever ? { forever: true } : {}),
            ...(named.length ? { ids: named } : {}),
            ...(o.history ? { history: true } : {}),
          });
          live?.draw(['Watching active jobs…']);
          for await (const u of updates) {
            latest.set(u.jobId, u);
            if (ctx.g.json) {
              ctx.out(
                JSON.stringify(
                  u.type === 'event'
                    ? { job: u.jobId, type: 'event', event: u.event }
                    : {
                        job: u.jobId,
                        type: 'status',
                        status: u.status,
                        previous: u.previous ?? null,
                        fine_tuned_model: u.job.fine_tuned_model ?? null,
                      },
                ),
              );
            } else if (live) live.draw(watchTable(latest, Date.now()));
            else if (!ctx.g.quiet) ctx.out(watchLine(u));
          }
        } catch (error) {
          if (!signal.aborted) throw error;
        } finally {
          clearInterval(tick);
          end();
        }
        if (signal.aborted) {
          ctx.io.stderr.write('Stopped watching; the jobs were not cancelled.\n');
          throw new ExitCode(130);
        }
        const ended = [...latest.values()].filter((u) => u.job.status !== 'succeeded');
        ctx.note(
          latest.size === 0
            ? 'No active jobs.'
            : `All ${latest.size} job(s) ended${ended.length ? `; ${ended.length} did not succeed` : ''}.`,
        );
      }),
    );
}
