// The one-time deprecation warning of `openai-fine-tuning/legacy`, imported by the package's
// subpath (vitest.config.ts resolves it to the sources). Each test loads a fresh copy of the
// module, since "once" is per module instance.
import { afterEach, describe, expect, it, vi } from 'vitest';

const SILENCE = 'OPENAI_FINE_TUNING_NO_DEPRECATION_WARNING';

async function fresh() {
  vi.resetModules();
  return import('openai-fine-tuning/legacy');
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('the legacy deprecation warning', () => {
  it('is a DeprecationWarning, emitted once however many clients are built, naming the replacement', async () => {
    vi.stubEnv(SILENCE, '');
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const { LegacyFineTunes } = await fresh();
    new LegacyFineTunes({ apiKey: 'sk' });
    new LegacyFineTunes({ apiKey: 'sk' });
    expect(emit).toHaveBeenCalledTimes(1);
    const [message, options] = emit.mock.calls[0]!;
    expect(message).toMatch(
      /\/v1\/fine-tunes API is deprecated.*FineTuning#jobs.*toModernJobRequest/,
    );
    expect(message).toContain(SILENCE);
    expect(options).toEqual({ type: 'DeprecationWarning', code: 'OPENAI_FINE_TUNING_LEGACY' });
  });

  it('is silenced by { deprecationWarning: false }', async () => {
    vi.stubEnv(SILENCE, '');
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const { LegacyFineTunes } = await fresh();
    new LegacyFineTunes({ apiKey: 'sk', deprecationWarning: false });
    expect(emit).not.toHaveBeenCalled();
    // Silencing one client does not use up the warning for a client that wants it.
    new LegacyFineTunes({ apiKey: 'sk' });
    expect(emit).toHaveBeenCalledTimes(1);
  });

  it(`is silenced by ${SILENCE}=1, but not by =0 or =false`, async () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    vi.stubEnv(SILENCE, '1');
    let { LegacyFineTunes } = await fresh();
    new LegacyFineTunes({ apiKey: 'sk' });
    expect(emit).not.toHaveBeenCalled();
    for (const value of ['0', 'false']) {
      vi.stubEnv(SILENCE, value);
      ({ LegacyFineTunes } = await fresh());
      new LegacyFineTunes({ apiKey: 'sk' });
    }
    expect(emit).toHaveBeenCalledTimes(2);
  });
});
