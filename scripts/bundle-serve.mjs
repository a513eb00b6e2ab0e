// Bundles the compiled `gatehouse serve` code (dist/src/cli/serve-command.js and what it imports)
// into a few files in dist/serve/. Loading ~270 separate modules costs Node's module loader
// most of the server's start-up time; the bundle loads in a fraction of it. Dynamic imports stay
// separate chunks, loaded on first use, and npm packages stay external.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Chunk names carry content hashes: clear the last build's so none is left behind.
rmSync(new URL('../dist/serve', import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/cli/serve-command.js'],
  outdir: 'dist/serve',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  legalComments: 'none',
  logLevel: 'warning',
});
