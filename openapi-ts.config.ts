// The whole code generation, declared in one place: openapi/fine-tuning.yaml → generated/, and
// openapi/legacy-fine-tunes.yaml → generated/legacy/.
// Run it with `npm run generate` (scripts/generate.ts), never by editing generated/ by hand.
// scripts/generate.ts runs the jobs in order: the first cleans generated/, later ones nest in it.
import { defineConfig, type UserConfig } from '@hey-api/openapi-ts';

/** One generation job; every job uses the same plugins, the SDK plugin's options aside. */
const job = (
  input: string,
  path: string,
  sdk: { client?: boolean } = {},
  filters?: {
    tags: { include?: string[]; exclude?: string[] };
    orphans?: boolean;
    deprecated?: boolean;
  },
): UserConfig => ({
  input,
  output: { path },
  ...(filters ? { parser: { filters } } : {}),
  logs: { file: false, level: 'warn' as const },
  plugins: [
    // The fetch client is copied into each output folder: no runtime dependency on any package.
    '@hey-api/client-fetch',
    '@hey-api/typescript',
    // Standalone functions (one per operation) so a bundler keeps only what a service calls.
    { name: '@hey-api/sdk', auth: true, ...sdk },
  ],
});

export default defineConfig([
  // `client: false`: every function takes the client it is given (the facade's request client,
  // src/transport/transport.ts, or one made with the bundled createClient()) and imports none of
  // its own, so a bundle that uses the facade does not carry the generated fetch client too.
  // The Evals operations are generated apart (generated/evals/), so their functions are a module of
  // their own: the facade loads it on first use, and a bundle that never evaluates carries none of
  // it (esbuild splits at file granularity: one shared sdk.gen.ts would load them all at start).
  job(
    './openapi/fine-tuning.yaml',
    './generated',
    { client: false },
    {
      tags: { exclude: ['Evals'] },
      // The eval schemas stay here too: the webhook events (eval.run.*) refer to them.
      orphans: true,
    },
  ),
  job(
    './openapi/fine-tuning.yaml',
    './generated/evals',
    { client: false },
    {
      tags: { include: ['Evals'] },
      orphans: true,
      // createEval accepts the deprecated stored-completions source: keep it, as the full job does.
      deprecated: true,
    },
  ),
  // The deprecated /fine-tunes API, for src/legacy/ (the `openai-fine-tuning/legacy` subpath).
  // `client: false` as well: its functions take the facade's client.
  job('./openapi/legacy-fine-tunes.yaml', './generated/legacy', { client: false }),
]);
