// Flag values turned into what the API takes, with an error that names the flag when they can't be.
import { InvalidArgumentError } from 'commander';

export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${flag} must be a whole number > 0, got "${value}".`);
    return n;
  };
}

export function seconds(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${flag} must be a number of seconds >= 0, got "${value}".`);
    return n;
  };
}

/** A repeatable `k=v` flag collected into an object. */
export function keyValue(flag: string) {
  return (value: string, previous: Record<string, string> | undefined): Record<string, string> => {
    const at = value.indexOf('=');
    if (at <= 0) throw new InvalidArgumentError(`${flag} takes key=value, got "${value}".`);
    return { ...previous, [value.slice(0, at).trim()]: value.slice(at + 1) };
  };
}

/** Hyperparameter values: numbers as numbers, `auto` and anything else as given. */
export function hyperparameters(raw: Record<string, string> | undefined): Record<string, string | number> | undefined {
  if (!raw) return undefined;
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  return out;
}

export const METHODS = ['supervised', 'dpo', 'reinforcement'] as const;
