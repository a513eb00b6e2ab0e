/**
 * Which module `gatehouse serve` runs: the start-up bundle `npm run build` makes in `dist/serve/`
 * (scripts/bundle-serve.mjs) when it is at least as new as the compiled module it was made from,
 * else the compiled modules themselves — so a build by `tsc` alone never runs an older bundle.
 */
import { statSync } from 'node:fs';

/** `cliDir`: the URL of the directory of the compiled CLI (`dist/src/cli/`), ending in a slash. */
export function serveModule(cliDir: URL): string {
  const compiled = new URL('serve-command.js', cliDir);
  const bundled = new URL('../../serve/serve-command.js', cliDir);
  try {
    if (statSync(bundled).mtimeMs >= statSync(compiled).mtimeMs) return bundled.href;
  } catch {
    // No bundle (or no compiled module to compare with): run the compiled modules.
  }
  return compiled.href;
}
