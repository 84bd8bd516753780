// The root export's fence, in types: the generated types live in `Schemas`, the facade's names are
// the facade's, and the 0.1 root names of generated types still compile as deprecated aliases.
import { describe, expectTypeOf, it } from 'vitest';
import type * as Generated from '../../generated/types.gen.ts';
import type * as GeneratedEvals from '../../generated/evals/types.gen.ts';
import type {
  ClientOptions,
  CreateEvalData,
  FineTuningJob,
  OpenAiFile,
  Schemas,
  Webhooks,
} from '../../src/index.ts';
import type { ClientOptions as FacadeOptions } from '../../src/transport/options.ts';
import type { Webhooks as FacadeWebhooks } from '../../src/webhooks/webhooks.ts';

describe('the root export', () => {
  it('holds every generated type in Schemas, under its generated name', () => {
    expectTypeOf<Schemas.FineTuningJob>().toEqualTypeOf<Generated.FineTuningJob>();
    expectTypeOf<Schemas.CreateFineTuningJobData>().toEqualTypeOf<Generated.CreateFineTuningJobData>();
    expectTypeOf<Schemas.CreateEvalData>().toEqualTypeOf<GeneratedEvals.CreateEvalData>();
  });

  it('lets no facade name hide a generated one: both ClientOptions and both Webhooks are reachable', () => {
    expectTypeOf<ClientOptions>().toEqualTypeOf<FacadeOptions>();
    expectTypeOf<Webhooks>().toEqualTypeOf<FacadeWebhooks>();
    expectTypeOf<Schemas.ClientOptions>().toEqualTypeOf<Generated.ClientOptions>();
    expectTypeOf<Schemas.Webhooks>().toEqualTypeOf<Generated.Webhooks>();
    expectTypeOf<Schemas.ClientOptions>().not.toEqualTypeOf<ClientOptions>();
  });

  it('keeps the 0.1 root names of generated types as aliases of their Schemas types', () => {
    expectTypeOf<FineTuningJob>().toEqualTypeOf<Schemas.FineTuningJob>();
    expectTypeOf<OpenAiFile>().toEqualTypeOf<Schemas.OpenAiFile>();
    expectTypeOf<CreateEvalData>().toEqualTypeOf<Schemas.CreateEvalData>();
  });
});
