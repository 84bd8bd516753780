// The local server's door for the package's other entries (docs/architecture.md, "Walls between
// entries"): what `openai-ft` shares with `openai-fine-tuning-server` (its flags and banner, where
// the spec lies, id minting). Not a public entry: it may change with any release.
export { randomId } from './ids.ts';
export {
  exportSpansIfAsked,
  SERVER_FLAGS,
  ServerFlagError,
  camel,
  listenError,
  serverBanner,
  serverOptions,
  serveUntilStopped,
  stopRequested,
} from './server-flags.ts';
export { specDir } from './spec-file.ts';
