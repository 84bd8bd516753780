// The CLI lists through the SDK's pagination: a page that is empty but says `has_more` (and
// carries the `last_id` to go on from) is walked past, not taken for the end of the list.
import { describe, expect, it } from 'vitest';
import { json, useFaultServer } from '../helpers/fault-server.ts';
import { cli } from './helpers/run-cli.ts';

const file = (id: string) => ({
  object: 'file',
  id,
  bytes: 10,
  created_at: 1_700_000_000,
  filename: `${id}.jsonl`,
  purpose: 'fine-tune',
  status: 'processed',
});

describe('openai-ft files list', () => {
  const holder = useFaultServer();

  it('walks past an empty page that says has_more: true', async () => {
    const { server } = holder;
    server.handle = (req, res) => {
      const after = new URL(req.url, 'http://x').searchParams.get('after');
      if (after === null)
        json(res, 200, {
          object: 'list',
          data: [file('file-a')],
          has_more: true,
          last_id: 'file-a',
        });
      else if (after === 'file-a')
        json(res, 200, { object: 'list', data: [], has_more: true, last_id: 'file-b' });
      else
        json(res, 200, {
          object: 'list',
          data: [file('file-c')],
          has_more: false,
          last_id: 'file-c',
        });
    };
    const r = await cli(['files', 'list', '--json'], {
      OPENAI_BASE_URL: server.baseUrl,
      OPENAI_API_KEY: 'sk-test-pagination-0123',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Array<{ id: string }>).map((f) => f.id)).toEqual([
      'file-a',
      'file-c',
    ]);
    expect(
      server.requests.map((q) => new URL(q.url, 'http://x').searchParams.get('after')),
    ).toEqual([null, 'file-a', 'file-b']);
  });
});
