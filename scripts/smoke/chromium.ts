// Where the runtime matrix finds Chromium, and what it does when it is missing. Nothing here
// installs anything: on a CI runner (CI=true) `.ci/run` installs Chromium with apt-get before
// `npm test`; on a developer's machine a missing Chromium is said, loudly, and its row skipped.

import { CHROMIUM } from '../lib/chromium.ts';

/** The browser the matrix drives (the report tests' one, scripts/lib/chromium.ts); OPENAI_FT_CHROMIUM names another. */
export function chromiumPath(env: NodeJS.ProcessEnv): string {
  return env.OPENAI_FT_CHROMIUM?.trim() || CHROMIUM;
}

export type ChromiumPlan =
  | { kind: 'run'; path: string }
  /** On CI the row fails: `.ci/run` was to install it before `npm test`. */
  | { kind: 'fail'; path: string; detail: string }
  /** On a developer's machine the row is skipped, with what to install. */
  | { kind: 'skip'; path: string; detail: string };

export const isCi = (env: NodeJS.ProcessEnv): boolean => env.CI === 'true' || env.CI === '1';

export function chromiumPlan(
  env: NodeJS.ProcessEnv,
  exists: (path: string) => boolean,
): ChromiumPlan {
  const path = chromiumPath(env);
  if (exists(path)) return { kind: 'run', path };
  if (isCi(env))
    return {
      kind: 'fail',
      path,
      detail: `${path} is missing on a CI runner: .ci/run installs it (apt-get) before npm test when CI=true; check that step's output.`,
    };
  return {
    kind: 'skip',
    path,
    detail: `${path} is missing, so the headless Chromium row is SKIPPED (nothing was installed). Install it (Debian/Ubuntu: sudo apt-get install -y chromium), or set OPENAI_FT_CHROMIUM to a Chromium binary, and run npm run test:runtimes again.`,
  };
}
