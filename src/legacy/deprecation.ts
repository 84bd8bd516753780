// The one-time runtime notice that the legacy API is deprecated. Once per process (module state),
// so a program that builds many clients is told once; silenced by an option or an environment
// variable, and, in Node, by `--no-deprecation` like any other DeprecationWarning.
import { readEnv } from '../transport/options.ts';

/** Set to anything but `0`/`false` to silence the notice. */
export const SILENCE_ENV = 'OPENAI_FINE_TUNING_NO_DEPRECATION_WARNING';
export const WARNING_CODE = 'OPENAI_FINE_TUNING_LEGACY';

export const DEPRECATION_MESSAGE =
  'openai-fine-tuning/legacy: the /v1/fine-tunes API is deprecated (removed from the OpenAI API description ' +
  'on 2024-01-05). Use FineTuning#jobs (/v1/fine_tuning/jobs) instead; toModernJobRequest() converts a legacy ' +
  `create body. Silence this with { deprecationWarning: false } or ${SILENCE_ENV}=1.`;

let warned = false;

const silencedByEnv = () => {
  const value = readEnv(SILENCE_ENV)?.toLowerCase();
  return value !== undefined && value !== '0' && value !== 'false';
};

/** Emits the notice unless it was emitted before or is silenced. */
export function warnDeprecatedOnce(enabled: boolean | undefined): void {
  if (warned || enabled === false || silencedByEnv()) return;
  warned = true;
  const proc = (
    globalThis as { process?: { emitWarning?: (message: string, options: object) => void } }
  ).process;
  if (typeof proc?.emitWarning === 'function') {
    proc.emitWarning(DEPRECATION_MESSAGE, { type: 'DeprecationWarning', code: WARNING_CODE });
  } else {
    console.warn(DEPRECATION_MESSAGE);
  }
}
