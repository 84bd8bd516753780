// npm run docs:cli: writes docs/cli-reference.md from the program's own help (src/cli/reference.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliReference } from '../src/cli/reference.ts';
import { ROOT } from './lib/project.ts';

const path = join(ROOT, 'docs', 'cli-reference.md');
writeFileSync(path, await cliReference());
console.log(`wrote ${path}`);
