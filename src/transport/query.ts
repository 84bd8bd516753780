// The query string, serialized as the spec's parameters ask (OpenAPI `form` for scalars and
// arrays, `deepObject` for objects: `metadata[key]=value`). `undefined` is left out; `null` is sent
// literally, since the API gives it a meaning of its own (`GET /fine_tuning/jobs?metadata=null`
// lists jobs without metadata).
const pair = (name: string, value: unknown): string =>
  `${name}=${encodeURIComponent(String(value))}`;

export function serializeQuery(query: Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  for (const name in query) {
    const value = query[name];
    if (Array.isArray(value)) for (const v of value) parts.push(pair(name, v));
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value))
        if (v !== undefined) parts.push(pair(`${name}[${encodeURIComponent(key)}]`, v));
    } else if (value !== undefined) parts.push(pair(name, value));
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
