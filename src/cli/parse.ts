// Flag values turned into what the API takes, with an error that names the flag when they can't be.
import { InvalidArgumentError } from 'commander';

export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0)
      throw new InvalidArgumentError(`${flag} must be a whole number > 0, got "${value}".`);
    return n;
  };
}

export function seconds(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0)
      throw new InvalidArgumentError(`${flag} must be a number of seconds >= 0, got "${value}".`);
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

/** The API's method names; the library's old name for DPO data, `preference`, is still accepted. */
export const METHODS = ['supervised', 'dpo', 'reinforcement'] as const;
export type CliMethod = (typeof METHODS)[number];

export function method(flag: string) {
  return (value: string): CliMethod => {
    if (value === 'preference') return 'dpo';
    if ((METHODS as readonly string[]).includes(value)) return value as CliMethod;
    throw new InvalidArgumentError(`${flag} must be one of ${METHODS.join(', ')}, got "${value}".`);
  };
}
