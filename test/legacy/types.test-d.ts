// What `listEvents` returns follows `stream`; checked by the type checker only (nothing runs).
import { describe, expectTypeOf, it } from 'vitest';
import type { ApiPromise } from '../../src/index.ts';
import type {
  LegacyEventStream,
  LegacyFineTunes,
  ListFineTuneEventsResponse,
} from '../../src/legacy/index.ts';

declare const legacy: LegacyFineTunes;
declare const stream: boolean;

describe('LegacyFineTunes#listEvents', () => {
  it('returns the events so far without stream: true, a LegacyEventStream with it', () => {
    expectTypeOf(legacy.listEvents('ft-1')).toEqualTypeOf<ApiPromise<ListFineTuneEventsResponse>>();
    expectTypeOf(legacy.listEvents('ft-1', { stream: false })).toEqualTypeOf<
      ApiPromise<ListFineTuneEventsResponse>
    >();
    expectTypeOf(legacy.listEvents('ft-1', { stream: true })).toEqualTypeOf<LegacyEventStream>();
    expectTypeOf(legacy.listEvents('ft-1', { stream })).toEqualTypeOf<
      ApiPromise<ListFineTuneEventsResponse> | LegacyEventStream
    >();
  });

  it('takes the reconnection options only with a stream', () => {
    // @ts-expect-error maxReconnects belongs to the streaming form
    legacy.listEvents('ft-1', {}, { maxReconnects: 1 });
    expectTypeOf(
      legacy.listEvents('ft-1', { stream: true }, { maxReconnects: 1, reconnectDelayMs: 10 }),
    ).toEqualTypeOf<LegacyEventStream>();
  });
});
