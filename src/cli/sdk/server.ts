// Local-server adapter: `openai-ft server` starts the server of `openai-fine-tuning/testing`.
// When src/testing/ is in the package, `startServer` becomes
// `return startLocalServer({ port, host })` (the returned object has `baseUrl`, `apiKey`,
// `adminApiKey` and `close()`).
import { UsageError } from '../errors.ts';

export interface RunningServer {
  baseUrl: string;
  apiKey: string;
  adminApiKey: string;
  close(): Promise<void>;
}

export async function startServer(_options: { port: number; host: string }): Promise<RunningServer> {
  throw new UsageError('the local server (openai-fine-tuning/testing) is not part of this build of the package.', 'server');
}
