// The root of the error tree, and the brand that lets `instanceof` and the `is…` guards work when
// an application ends up with two copies of this package (two versions in node_modules, or a
// bundle beside a dependency): class identity differs between copies, the registered symbol and
// the kind names do not.

/** A registered symbol: every copy of the package gets the same one. */
export const BRAND: unique symbol = Symbol.for('openai-fine-tuning.error') as never;

interface Branded {
  readonly [BRAND]?: readonly string[];
}

/** Whether `value` is an error of the kind named `kind` (or a subclass of it), from any copy. */
export function isKind(value: unknown, kind: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const kinds = (value as Branded)[BRAND];
  return Array.isArray(kinds) && kinds.includes(kind);
}

/**
 * The type guard of the error kind `kind`: true for that kind and its subclasses, from any copy of
 * the package. Each error's guard is made with it beside its class, marked pure so a bundler drops
 * the guards an application does not use.
 */
export const guardFor =
  <T>(kind: string) =>
  (value: unknown): value is T =>
    isKind(value, kind);

/**
 * The base class of every error this package throws.
 * @example
 * try {
 *   await ft.jobs.create({ model: 'gpt-4o-mini', training_file: 'file-abc123' });
 * } catch (error) {
 *   if (error instanceof FineTuningError) console.error(error.name, error.message);
 * }
 */
export class FineTuningError extends Error {
  /** The name this class is recognised by across copies of the package. */
  static readonly kind: string = 'FineTuningError';

  declare readonly [BRAND]: readonly string[];

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const kinds: string[] = [];
    for (
      let c: unknown = new.target;
      typeof c === 'function' && c !== Error;
      c = Object.getPrototypeOf(c)
    ) {
      if (Object.hasOwn(c, 'kind')) kinds.push((c as unknown as { kind: string }).kind);
    }
    Object.defineProperty(this, BRAND, { value: kinds });
    Object.defineProperty(this, 'name', {
      value: kinds[0] ?? 'FineTuningError',
      writable: true,
      configurable: true,
    });
  }

  /** `error instanceof APIError` holds for an APIError from any copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // A user's own subclass without a `kind` of its own keeps ordinary prototype semantics.
    if (!Object.hasOwn(this, 'kind'))
      return Function.prototype[Symbol.hasInstance].call(this, value);
    return isKind(value, this.kind);
  }
}

/** The client is missing something it needs (a key, a fetch); no request was sent. */
export class ConfigurationError extends FineTuningError {
  static override readonly kind: string = 'ConfigurationError';
}

/** An argument the caller passed cannot be sent as it is; no request was sent. */
export class InvalidArgumentError extends FineTuningError {
  static override readonly kind: string = 'InvalidArgumentError';
}

// The webhook error is here, not in a file of its own, so it shares the chunk that every entry
// loads anyway instead of adding one (npm run size).

/** Which check a webhook failed. */
export type WebhookCheck =
  | 'missing_secret'
  | 'invalid_secret'
  | 'invalid_body'
  | 'missing_header'
  | 'malformed_header'
  | 'too_old'
  | 'from_the_future'
  | 'no_match'
  | 'invalid_json';

/**
 * A webhook did not pass verification (`ft.webhooks.unwrap`, `ft.webhooks.verifySignature`, the
 * webhook handlers): a header is missing or malformed, its timestamp is outside the tolerance, or
 * no signature matched the body under any of the secrets. Answer the sender 400 and do not act on it.
 * @example
 * try {
 *   const event = await ft.webhooks.unwrap(rawBody, request.headers);
 * } catch (error) {
 *   if (error instanceof InvalidWebhookSignatureError) console.error(error.check, error.message);
 * }
 */
export class InvalidWebhookSignatureError extends FineTuningError {
  static override readonly kind: string = 'InvalidWebhookSignatureError';
  /** Which check failed. */
  readonly check: WebhookCheck;

  constructor(check: WebhookCheck, message: string) {
    super(message);
    this.check = check;
  }
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/** Whether `value` is a FineTuningError (from any copy of the package); `instanceof` works as well. */
export const isFineTuningError = /* @__PURE__ */ guardFor<FineTuningError>('FineTuningError');
/** Whether `value` is a ConfigurationError (from any copy of the package); `instanceof` works as well. */
export const isConfigurationError =
  /* @__PURE__ */ guardFor<ConfigurationError>('ConfigurationError');
/** Whether `value` is an InvalidArgumentError (from any copy of the package); `instanceof` works as well. */
export const isInvalidArgumentError =
  /* @__PURE__ */ guardFor<InvalidArgumentError>('InvalidArgumentError');
/** Whether `value` is an InvalidWebhookSignatureError (from any copy of the package); `instanceof` works as well. */
export const isInvalidWebhookSignatureError =
  /* @__PURE__ */ guardFor<InvalidWebhookSignatureError>('InvalidWebhookSignatureError');
