// API-key checks with the API's 401 bodies: a missing key, a wrong key, and a regular key on an
// admin-only operation.
import { HttpError } from './errors.ts';

const redact = (key: string) =>
  key.length > 8 ? `${key.slice(0, 3)}*****${key.slice(-4)}` : '*****';

export function checkAuth(
  header: string | undefined,
  admin: boolean,
  keys: { apiKey: string; adminApiKey: string },
): void {
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!token) {
    throw new HttpError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      { code: null },
    );
  }
  const expected = admin ? keys.adminApiKey : keys.apiKey;
  if (token === expected) return;
  if (admin && token === keys.apiKey) {
    throw new HttpError(
      401,
      'This operation requires an admin API key; a regular API key was provided. Pass `adminApiKey` (or set OPENAI_ADMIN_KEY).',
      { code: 'invalid_api_key' },
    );
  }
  throw new HttpError(
    401,
    `Incorrect API key provided: ${redact(token)}. The local server accepts the key it was started with.`,
    { code: 'invalid_api_key' },
  );
}
