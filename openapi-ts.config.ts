// The whole code generation, declared in one place: openapi/fine-tuning.yaml → generated/.
// Run it with `npm run generate` (scripts/generate.ts), never by editing generated/ by hand.
import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: './openapi/fine-tuning.yaml',
  output: {
    path: './generated',
  },
  logs: { file: false, level: 'warn' },
  plugins: [
    // The fetch client is copied into generated/client/: no runtime dependency on any package.
    '@hey-api/client-fetch',
    '@hey-api/typescript',
    // Standalone functions (one per operation) so a bundler keeps only what a service calls.
    { name: '@hey-api/sdk', auth: true },
  ],
});
