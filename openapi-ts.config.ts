// The whole code generation, declared in one place: openapi/fine-tuning.yaml → generated/, and
// openapi/legacy-fine-tunes.yaml → generated/legacy/.
// Run it with `npm run generate` (scripts/generate.ts), never by editing generated/ by hand.
// scripts/generate.ts runs the jobs in order: the first cleans generated/, later ones nest in it.
import { defineConfig } from '@hey-api/openapi-ts';

const plugins = [
  // The fetch client is copied into each output folder: no runtime dependency on any package.
  '@hey-api/client-fetch',
  '@hey-api/typescript',
  // Standalone functions (one per operation) so a bundler keeps only what a service calls.
  { name: '@hey-api/sdk', auth: true },
] as const;

const job = (input: string, path: string) => ({
  input,
  output: { path },
  logs: { file: false, level: 'warn' as const },
  plugins: [...plugins],
});

export default defineConfig([
  job('./openapi/fine-tuning.yaml', './generated'),
  // The deprecated /fine-tunes API, for src/legacy/ (the `openai-fine-tuning/legacy` subpath).
  job('./openapi/legacy-fine-tunes.yaml', './generated/legacy'),
]);
