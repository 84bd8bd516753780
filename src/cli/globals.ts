// The flags every command accepts. Unset flags fall back to the SDK's environment variables
// (OPENAI_API_KEY, OPENAI_ADMIN_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID; with
// --azure, AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and OPENAI_API_VERSION).
import { secretsOf as secretsIn } from '../errors/redact.ts';
import type { Command } from 'commander';

export interface Globals {
  azure?: boolean;
  endpoint?: string;
  apiVersion?: string;
  apiKey?: string;
  adminKey?: string;
  baseUrl?: string;
  org?: string;
  project?: string;
  json?: boolean;
  quiet?: boolean;
  debug?: boolean;
  tty?: boolean;
}

export function addGlobalOptions(program: Command): Command {
  return program
    .option('--api-key <key>', 'API key (default: $OPENAI_API_KEY)')
    .option('--admin-key <key>', 'admin API key, for `permissions` (default: $OPENAI_ADMIN_KEY)')
    .option(
      '--base-url <url>',
      'API root (default: $OPENAI_BASE_URL, else https://api.openai.com/v1)',
    )
    .option('--org <id>', 'organization id (default: $OPENAI_ORG_ID)')
    .option(
      '--azure',
      'talk to Azure OpenAI: --api-key is the resource key (default: $AZURE_OPENAI_API_KEY); also on when $AZURE_OPENAI_ENDPOINT is set and no base URL is',
    )
    .option('--endpoint <url>', 'Azure OpenAI endpoint (default: $AZURE_OPENAI_ENDPOINT)')
    .option(
      '--api-version <v>',
      'Azure dated API version (default: $OPENAI_API_VERSION, else the v1 API)',
    )
    .option('--project <id>', 'project id (default: $OPENAI_PROJECT_ID)')
    .option('--json', 'print the API objects as JSON')
    .option('-q, --quiet', 'print only ids (one per line), or nothing')
    .option('--debug', 'print the stack trace of an error')
    .option('--tty', 'draw live views even when stdout is not a terminal (also OPENAI_FT_TTY=1)')
    .option('--no-tty', 'print one line per event even on a terminal');
}

/** Every key the CLI may hold, for redaction: the key flags and every credential-named variable. */
export function secretsOf(g: Globals, env: Record<string, string | undefined>): string[] {
  return secretsIn({ ...env, apiKey: g.apiKey, adminKey: g.adminKey });
}
