// The package build: ESM and CommonJS entry points with type declarations for both.
// tsdown (rolldown + its declaration bundler) is a maintained library bundler whose 0.21 line runs
// on Node 20.19, the oldest Node this project supports; it emits .mjs/.cjs with .d.mts/.d.cts
// pairs, which is what are-the-types-wrong checks for dual packages.
import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', legacy: 'src/legacy/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  outDir: 'dist',
  clean: true,
  sourcemap: false,
  treeshake: true,
});
