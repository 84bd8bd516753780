// Cursor pagination as the API does it: `after` is the id of the last item already seen, `limit`
// caps the page, `has_more` says whether anything follows.
import { invalid } from './errors.ts';

export interface Page<T> {
  data: T[];
  has_more: boolean;
}

/** `items` must already be in the order the list is served in. */
export function paginate<T extends { id: string }>(
  items: readonly T[],
  query: { after?: string | undefined; limit?: number | undefined },
  defaults: { limit: number; maxLimit: number },
): Page<T> {
  const limit = query.limit ?? defaults.limit;
  if (limit < 1 || limit > defaults.maxLimit) {
    throw invalid(
      `Invalid value for 'limit': must be between 1 and ${defaults.maxLimit}, got ${limit}.`,
      'limit',
      'invalid_value',
    );
  }
  let start = 0;
  if (query.after !== undefined) {
    const index = items.findIndex((item) => item.id === query.after);
    if (index === -1)
      throw invalid(
        `Invalid value for 'after': no object with id '${query.after}' in this list.`,
        'after',
        'invalid_value',
      );
    start = index + 1;
  }
  const data = items.slice(start, start + limit);
  return { data, has_more: start + limit < items.length };
}
