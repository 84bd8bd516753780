// The package's version, which `openai-ft --version` prints. Its own module so that bin.ts answers
// `--version` without loading the argument parser.
import packageJson from '../../package.json' with { type: 'json' };

export const VERSION: string = packageJson.version;
