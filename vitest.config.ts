import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The package's own name resolves to its sources, as in tsconfig.json: tests need no build of
  // dist/ (the built package is checked by attw, publint and npm run test:runtimes).
  resolve: {
    alias: [
      {
        find: /^openai-fine-tuning$/,
        replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      },
      {
        find: /^openai-fine-tuning\/(.+)$/,
        replacement: fileURLToPath(new URL('./src/$1/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Builds the `openai-ft` executable once for the CLI tests (test/cli/).
    globalSetup: ['test/cli/helpers/build-cli.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    // In CI (and under .ci/run), also a JSON report, from which .ci/run prints a plain
    // "N passed, N failed" line.
    reporters:
      process.env.CI || process.env.OPENAI_FT_VITEST_JSON
        ? ['default', ['json', { outputFile: '.tmp/vitest-report.json' }]]
        : ['default'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
