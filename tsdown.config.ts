// The package build: ESM and CommonJS entry points with type declarations for both.
// tsdown (rolldown + its declaration bundler) is a maintained library bundler whose 0.21 line runs
// on Node 20.19, the oldest Node this project supports; it emits .mjs/.cjs with .d.mts/.d.cts
// pairs, which is what are-the-types-wrong checks for dual packages.
import { defineConfig } from 'tsdown';

/**
 * Matches the JavaScript modules of a folder of generated/, not the declaration pass's `.d.ts`
 * modules: the declarations stay in the chunks the declaration bundler makes of them (grouping them
 * too left index.d.cts importing a chunk that was never written).
 */
const generatedJs = (folder: string) => (id: string) =>
  new RegExp(`[\\\\/]generated[\\\\/]${folder}[\\\\/]`).test(id) && !id.endsWith('.d.ts');

/** The modules `new FineTuning()` and a call load (see `client` below); not the lazily loaded helpers. */
const START = [
  /[\\/]src[\\/](client|errors)\.ts$/,
  /[\\/]src[\\/](errors|pagination)[\\/]/,
  // Not the Evals API (evals.ts, eval-operations.ts): `ft.evals` loads it on first use.
  /[\\/]src[\\/]resources[\\/](?!evals?[.-](operations\.)?ts$|eval-operations\.ts$)/,
  /[\\/]src[\\/]calls[\\/](api-promise|call|create-job)\.ts$/,
  // Not recover.ts (what a request needs after a failure: retries, typed errors), key-function.ts
  // (checks a key function's answer), redirect.ts (the redirect policy) nor parse-as.ts (a body
  // read as anything but JSON): they load on first use.
  /[\\/]src[\\/]transport[\\/](?!(recover|key-function|redirect|parse-as)\.ts$)/,
  // status.ts: the main entry (submitJobs) and the lazily loaded helpers share it, so it loads at
  // start either way; in this chunk rather than a file of its own it costs ~0.09 KB less.
  /[\\/]src[\\/]lifecycle[\\/](best-checkpoint|clock|errors|options|status)\.ts$/,
  /[\\/]src[\\/]upload[\\/]errors\.ts$/,
  /[\\/]src[\\/]evals[\\/]errors\.ts$/,
  /[\\/]src[\\/]webhooks[\\/]webhooks\.ts$/,
  /[\\/]generated[\\/]sdk\.gen\.ts$/,
];
const startModule = (id: string) => !id.endsWith('.d.ts') && START.some((re) => re.test(id));

const NODE_TYPES = '/// <reference types="node" />';

export default defineConfig([
  // Every public entry in one build, so code they share (the facade, its errors) is one shared
  // chunk: an error thrown by `openai-fine-tuning/node` is an instance of the main entry's class.
  {
    entry: {
      index: 'src/index.ts',
      testing: 'src/testing/index.ts',
      'training-data': 'src/training-data/index.ts',
      node: 'src/node/index.ts',
      legacy: 'src/legacy/index.ts',
      azure: 'src/azure/index.ts',
      // Node only: inlines the uplot package's files into the page it writes.
      report: 'src/report/index.ts',
      // Not an entry users import: the worker thread validateTrainingChunks starts, found next to
      // the module that starts it (validate-worker.js from ESM, validate-worker.cjs from CJS).
      'validate-worker': 'src/node/validate-worker.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    // The build's time in plugins depends on the machine's load: not a warning for the user.
    checks: { pluginTimings: false },
    platform: 'neutral',
    target: 'es2022',
    outDir: 'dist',
    clean: true,
    sourcemap: false,
    treeshake: true,
    // src/testing/spec.ts finds openapi/fine-tuning.yaml from import.meta.url; CommonJS has none.
    shims: true,
    // Node built-ins are only reached from the Node-only entries (testing, node, report).
    deps: { neverBundle: [/^node:/] },
    // The generated fetch client (exported for calling generated functions without the facade) in
    // a file of its own: it runs code when loaded (a default query serializer), so inside the
    // entry file an application's bundler would have to keep it even when only the facade is used.
    outputOptions: {
      // dist/node.d.ts and .d.cts import `node:http`: they say they need Node's types, since from
      // TypeScript 6 on a project's default `types` is empty and `@types/node` would not load
      // (TS2591 "Cannot find name 'node:http'"). scripts/smoke/types.ts checks it on 5, 6 and 7.
      banner: (chunk) => (/^node\.d\.c?ts$/.test(chunk.fileName) ? NODE_TYPES : ''),
      codeSplitting: {
        groups: [
          // What a client loads at start in one file (gzipped as one, the separate chunks rolldown
          // would otherwise make of it cost ~1 KB min+gzip more): the client, its transport,
          // errors, pagination and resources, and the modules the main entry exports that the lazily
          // loaded job and upload helpers share (esbuild, and so an application's bundler, would
          // load them at start anyway: the entry imports them).
          { name: 'client', test: startModule, priority: 3 },
          // Its helpers (the form-data serializer the generated createFile uses) stay apart from it.
          { name: 'generated-core', test: generatedJs('core'), priority: 2 },
          { name: 'generated-client', test: generatedJs('client'), priority: 1 },
        ],
      },
    },
  },
  // The executables `openai-ft` and `openai-fine-tuning-server`: ESM files for Node with
  // commander bundled in, so installing the package adds no runtime dependency for them.
  {
    // validate-worker.mjs: the validation worker thread `openai-ft validate` starts.
    entry: {
      cli: 'src/cli/bin.ts',
      server: 'src/testing/cli.ts',
      'validate-worker': 'src/node/validate-worker.ts',
    },
    format: ['esm'],
    dts: false,
    checks: { pluginTimings: false },
    platform: 'node',
    target: 'node20.19',
    outDir: 'dist',
    clean: false,
    sourcemap: false,
    treeshake: true,
    // Only commander is bundled (the runtime dependencies stay imports): said here, so the build
    // prints no hint about it.
    deps: { alwaysBundle: ['commander'], onlyBundle: ['commander'] },
  },
]);
