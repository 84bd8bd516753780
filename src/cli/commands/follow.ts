// `openai-ft jobs follow ID`: the live view on a terminal, one line per update otherwise. Ctrl-C
// stops following (exit 130) and leaves the job running. The exit code tells how the job ended:
// 0 succeeded, 1 failed or cancelled. After Ctrl-C the job is retrieved once more, so the line
// says its status now (not the one of the last poll), on a line of its own (not after the `^C`).
import type { FineTuningJob } from '../../../generated/types.gen.ts';
import type { Context } from '../context.ts';
import { ExitCode } from '../errors.ts';
import { liveSession } from '../live/region.ts';
import { initialState, plainLine, reduce, renderFrame } from '../live/view.ts';
import type { FineTuning } from '../sdk/client.ts';
import { followJob, isTerminal, type FollowUpdate } from '../sdk/follow.ts';

/** The job as it is now, or undefined when it cannot be read within a few seconds. */
async function currentJob(ft: FineTuning, jobId: string): Promise<FineTuningJob | undefined> {
  try {
    return await ft.jobs.retrieve(jobId, { timeout: 5_000, maxRetries: 0 });
  } catch {
    return undefined;
  }
}

export async function followCommand(
  ctx: Context,
  jobId: string,
  intervalSeconds: number,
): Promise<void> {
  const ft = ctx.client();
  const { signal, live, end } = liveSession(ctx);
  let state = initialState(jobId);
  // The frame has 7 lines besides the chart; keep it on one screen.
  const chartHeight = Math.max(3, Math.min(12, ctx.io.rows - 8));
  const frame = () => renderFrame(state, { columns: ctx.io.columns, now: Date.now(), chartHeight });
  let last: FollowUpdate | undefined;
  try {
    live?.draw(frame());
    for await (const update of followJob(ft, jobId, {
      signal: signal,
      intervalMs: intervalSeconds * 1000,
    })) {
      last = update;
      state = reduce(state, update, Date.now());
      if (ctx.g.json)
        ctx.out(
          JSON.stringify(
            update.type === 'event'
              ? { type: 'event', event: update.event }
              : { type: 'status', status: update.status, previous: update.previous ?? null },
          ),
        );
      else if (live) live.draw(frame());
      else if (!ctx.g.quiet) ctx.out(plainLine(update));
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    end();
  }
  const job = last?.job;
  if (signal.aborted || !job || !isTerminal(job.status)) {
    const now = await currentJob(ft, jobId);
    const status = now ? `is ${now.status}` : job ? `was ${job.status} when last seen` : undefined;
    // The terminal echoed `^C` without a line end: start a line of our own.
    ctx.io.stderr.write(
      `${signal.aborted && (ctx.io.tty || ctx.io.stderrTty) ? '\n' : ''}` +
        `Stopped following ${jobId}; the job was not cancelled${status ? ` and ${status}` : ''}. ` +
        `Follow it again with \`openai-ft jobs follow ${jobId}\`, or stop it with \`openai-ft jobs cancel ${jobId}\`.\n`,
    );
    throw new ExitCode(130);
  }
  if (ctx.g.quiet && job.fine_tuned_model) ctx.out(job.fine_tuned_model);
  if (job.status === 'succeeded') {
    ctx.note(
      `${jobId} succeeded${job.fine_tuned_model ? `: fine-tuned model ${job.fine_tuned_model}` : ''}.`,
    );
    return;
  }
  ctx.io.stderr.write(
    `openai-ft: ${jobId} ${job.status}${job.error?.message ? `: ${job.error.message}` : ''}.\n`,
  );
  throw new ExitCode(1);
}
