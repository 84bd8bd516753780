// docs/local-server.md carries the same table of deliberate differences as the replay suite, and
// the same spec errata as src/testing/errata.ts, each citing a recording that exists (or, where no
// recording was found, the documented example it rests on).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRATA } from '../../src/testing/errata.ts';
import { DIFFERENCES } from './differences.ts';
import { RECORDINGS_DIR } from './recordings.ts';

const doc = readFileSync(new URL('../../docs/local-server.md', import.meta.url), 'utf8');
/** The doc's text with Markdown escapes and code marks removed, spaces collapsed. */
const plain = doc.replace(/\\([|`*_])/g, '$1').replace(/\s+/g, ' ');

describe('docs/local-server.md', () => {
  it('lists every deliberate difference of the replay suite, with its reason', () => {
    for (const d of DIFFERENCES) expect(plain, d.why).toContain(d.why);
  });

  it('lists every spec erratum with its recording, and each recording exists', () => {
    for (const e of ERRATA) {
      expect(plain, e.id).toContain(e.id);
      // An erratum rests on a recording that exists, or, where none was found, on the API's own
      // documented example.
      const source = e.recording ?? e.example;
      expect(source, e.id).toBeDefined();
      expect(plain, e.id).toContain(source);
      if (e.recording)
        expect(existsSync(join(RECORDINGS_DIR, e.recording)), e.recording).toBe(true);
    }
  });
});
