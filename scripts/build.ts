// npm run build: tsdown with tsdown.config.ts, through its API. The `tsdown` command prints
// "Node.js v20 is deprecated" at start on Node 20; tsdown 0.21 builds on Node 20.19 (the oldest
// Node this package supports; 0.22 and later need Node 22), so on a supported Node a build says
// nothing a user must wonder about.
import { build } from 'tsdown';

await build({ config: 'tsdown.config.ts' });
