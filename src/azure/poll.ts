// The polling loop of `jobs.waitForCopy` and `deployments.wait`: read, decide, wait, until done,
// failed (the decision throws) or out of time (AzureWaitTimeoutError with what was seen last).
import type { RequestOptions } from '../calls/call.ts';
import { InvalidArgumentError } from '../errors/base.ts';
import { sleep } from '../transport/sleep.ts';
import { AzureWaitTimeoutError } from './errors.ts';

export interface PollOptions extends RequestOptions {
  intervalMs?: number | undefined;
  timeoutMs?: number | undefined;
}

function ms(value: unknown, name: string, method: string): void {
  if (value !== undefined && (typeof value !== 'number' || !(value >= 0) || value > 2_147_483_647))
    throw new InvalidArgumentError(
      `${method}: \`${name}\` must be a number of milliseconds from 0 to 2147483647.`,
    );
}

export async function poll<T>(
  method: string,
  options: PollOptions,
  defaults: { intervalMs: number; timeoutMs: number },
  read: (options: RequestOptions) => Promise<T>,
  /** True when done; throws when it failed; false to poll again. */
  done: (value: T) => boolean,
  late: (timeoutMs: number) => string,
): Promise<T> {
  ms(options.intervalMs, 'intervalMs', method);
  ms(options.timeoutMs, 'timeoutMs', method);
  const { intervalMs = defaults.intervalMs, timeoutMs = defaults.timeoutMs, ...rest } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read(rest);
    if (done(value)) return value;
    if (Date.now() + intervalMs > deadline)
      throw new AzureWaitTimeoutError(`${method}: ${late(timeoutMs)}`, value);
    await sleep(intervalMs, rest.signal);
  }
}
