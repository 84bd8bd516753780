#!/usr/bin/env node
// The package ships TypeScript sources (see package.json `exports`), so the CLI runs through tsx's
// loader. Node < 22.6 cannot strip types by itself.
try {
  const { register } = await import('tsx/esm/api');
  register();
} catch {
  console.error('openai-fine-tuning-server needs the `tsx` package to run the TypeScript sources: npm install --save-dev tsx');
  process.exit(1);
}
await import('../src/testing/cli.ts');
