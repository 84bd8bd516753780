// Keeps keys out of everything the CLI prints. The keys in force are known (flags or environment),
// so their exact values are removed wherever they appear; key-shaped and bearer-shaped strings go
// too, for keys the CLI did not send (a proxy echoing another header, a key inside a file name).

const KEY_SHAPED = /\bsk-[A-Za-z0-9_*.-]{6,}/g;
const BEARER = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;
export const REDACTED = '[redacted]';

export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  const known = secrets
    .filter((s): s is string => typeof s === 'string' && s.trim().length >= 4)
    .sort((a, b) => b.length - a.length);
  for (const secret of known) out = out.split(secret.trim()).join(REDACTED);
  return out.replace(BEARER, `$1 ${REDACTED}`).replace(KEY_SHAPED, `sk-${REDACTED}`);
}

// Any environment variable named like a credential (OPENAI_API_KEY, OPENAI_ADMIN_KEY, a later
// OPENAI_WEBHOOK_SECRET, or any other *_KEY, *_SECRET, *_TOKEN, *_PASSWORD): its value is removed
// from the output too, so a new credential is covered without a change here.
const SECRET_NAME = /(?:^|_)(?:KEY|SECRET|TOKEN|PASSWORD)$/i;

/** The values of the credential-named variables in `env`. */
export function secretsInEnv(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env))
    if (value && SECRET_NAME.test(name)) out.push(value);
  return out;
}
