// Node's on-disk cache of compiled code (`module.enableCompileCache`, Node >= 22.1): a second run
// of `openai-ft` skips compiling the modules the first one compiled. Node 20 has no such cache;
// there, and wherever the cache cannot be written, this does nothing.
import nodeModule from 'node:module';

type WithCache = { enableCompileCache?: () => unknown };

/** Turns the cache on for the modules loaded from here on, if the runtime has one. */
export function enableCompileCache(runtime: WithCache = nodeModule as WithCache): boolean {
  if (typeof runtime.enableCompileCache !== 'function') return false;
  try {
    runtime.enableCompileCache();
    return true;
  } catch {
    // A cache that cannot be used only costs the compile time it would have saved.
    return false;
  }
}
