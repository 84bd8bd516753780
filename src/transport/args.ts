// Argument checks shared by the facade's methods: what a careless caller passes (null for a body,
// a number for the options, a string for a signal) becomes an InvalidArgumentError naming the
// argument, as a rejected promise, never a TypeError from inside the SDK.
import { InvalidArgumentError } from '../errors/base.ts';

/**
 * A short description of a value for an error message that cannot throw (BigInt, symbols, objects
 * without a prototype); strings are quoted and cut at 40 characters.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${String(value)}n`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      return value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A request body must be an object; anything else is refused before a request is built. */
export function checkBody(
  value: unknown,
  method: string,
  name = 'body',
): asserts value is Record<string, unknown> {
  if (!isObject(value))
    throw new InvalidArgumentError(
      `${method}: \`${name}\` must be an object, got ${describeValue(value)}.`,
    );
}

/** An optional query or options object: undefined, or an object. */
export function checkOptional(value: unknown, method: string, name: string): void {
  if (value !== undefined && !isObject(value)) {
    throw new InvalidArgumentError(
      `${method}: \`${name}\` must be an object or left out, got ${describeValue(value)}.`,
    );
  }
}

/** Whether `value` can serve as an AbortSignal (duck-typed, so a signal from another realm works). */
export const isSignal = (value: unknown): value is AbortSignal =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as AbortSignal).aborted === 'boolean' &&
  typeof (value as AbortSignal).addEventListener === 'function';

export function checkSignal(value: unknown, name = 'signal'): void {
  if (value !== undefined && value !== null && !isSignal(value)) {
    throw new InvalidArgumentError(
      `\`${name}\` must be an AbortSignal (e.g. AbortSignal.timeout(5000)), got ${describeValue(value)}.`,
    );
  }
}
