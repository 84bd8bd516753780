#!/usr/bin/env node
// The `openai-ft` executable. It loads as little as it can before it knows the command (#32: a
// start within 1.3x of an empty `node`): `openai-ft --version` is answered here, without the
// argument parser; anything else turns on Node's compile cache where the runtime has it and then
// loads the program, which loads only the code of the command that runs (program.ts).
//
// No top-level await: the program's chunk may import modules bundled into this file, and a
// dynamic import awaited at the top of the module it depends on would never settle.
import { enableCompileCache } from './compile-cache.ts';
import { processIo, quietOnClosedPipe } from './io.ts';
import { VERSION } from './version.ts';

quietOnClosedPipe(process);
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  enableCompileCache();
  void import('./program.ts').then(async ({ run }) => {
    process.exitCode = await run(argv, processIo);
  });
}
