#!/usr/bin/env node
// The `openai-ft` executable.
import { processIo, quietOnClosedPipe } from './io.ts';
import { run } from './program.ts';

quietOnClosedPipe(process);
process.exitCode = await run(process.argv.slice(2), processIo);
