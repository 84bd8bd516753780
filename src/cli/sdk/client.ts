// The SDK client the commands use, built from the global flags (the SDK reads the environment
// for whatever a flag leaves unset).
import { FineTuning } from '../../client.ts';
import type { Globals } from '../globals.ts';

export type { FineTuning };

export function makeClient(g: Globals): FineTuning {
  return new FineTuning({
    apiKey: g.apiKey,
    adminApiKey: g.adminKey,
    baseUrl: g.baseUrl,
    organization: g.org,
    project: g.project,
    headers: { 'User-Agent': 'openai-ft' },
  });
}
