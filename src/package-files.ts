/**
 * Files of the Gatehouse package itself (service models, data, worker scripts), found from the
 * package's root. Compiled modules run from `dist/src/…` and the server's start-up bundle from
 * `dist/serve/`, so a path relative to the running module would differ between the two; the root
 * (the nearest directory above with a `package.json`) is the same for both.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The package's root directory. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`Gatehouse's package.json was not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** A file of the package, by its path from the root: `packageFile('src', 'aws', 'models', 'iam.json')`. */
export function packageFile(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}
