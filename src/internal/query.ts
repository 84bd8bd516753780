import { createQuerySerializer } from '../../generated/client/utils.gen.ts';

// The generated serializer drops null query values. The API gives `null` a meaning of its own
// (`GET /fine_tuning/jobs?metadata=null` lists jobs without metadata), so send it literally.
const base = createQuerySerializer({
  allowReserved: false,
  array: { explode: true, style: 'form' },
  object: { explode: true, style: 'deepObject' },
});

export function serializeQuery(query: Record<string, unknown>): string {
  const parts = [base(query)];
  for (const [name, value] of Object.entries(query)) {
    if (value === null) parts.push(`${encodeURIComponent(name)}=null`);
  }
  return parts.filter(Boolean).join('&');
}
