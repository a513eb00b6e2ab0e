import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveModule } from './serve-module.js';

/** A package layout with dist/src/cli/serve-command.js and, optionally, dist/serve/serve-command.js. */
function layout(bundleAgeSeconds: number | undefined): { cliDir: URL; compiled: string; bundled: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-serve-module-'));
  const cli = join(root, 'dist', 'src', 'cli');
  const serve = join(root, 'dist', 'serve');
  mkdirSync(cli, { recursive: true });
  const compiled = join(cli, 'serve-command.js');
  writeFileSync(compiled, '');
  const bundled = join(serve, 'serve-command.js');
  const now = Date.now() / 1000;
  utimesSync(compiled, now, now);
  if (bundleAgeSeconds !== undefined) {
    mkdirSync(serve, { recursive: true });
    writeFileSync(bundled, '');
    utimesSync(bundled, now + bundleAgeSeconds, now + bundleAgeSeconds);
  }
  return { cliDir: pathToFileURL(cli + '/'), compiled, bundled, done: () => rmSync(root, { recursive: true, force: true }) };
}

describe('the module gatehouse serve runs', () => {
  it('is the bundle when it is newer than the compiled module', () => {
    const l = layout(+5);
    try {
      assert.equal(serveModule(l.cliDir), pathToFileURL(l.bundled).href);
    } finally {
      l.done();
    }
  });

  it('is the compiled module when the bundle is older (sources rebuilt by tsc alone)', () => {
    const l = layout(-5);
    try {
      assert.equal(serveModule(l.cliDir), pathToFileURL(l.compiled).href);
    } finally {
      l.done();
    }
  });

  it('is the compiled module when there is no bundle', () => {
    const l = layout(undefined);
    try {
      assert.equal(serveModule(l.cliDir), pathToFileURL(l.compiled).href);
    } finally {
      l.done();
    }
  });

  it('npm run build made a current bundle of this checkout, which the command runs', () => {
    const cliDir = new URL('./', import.meta.url);
    const chosen = serveModule(cliDir);
    assert.ok(existsSync(new URL('../../serve/serve-command.js', cliDir)), 'dist/serve/serve-command.js exists after npm run build');
    assert.match(chosen, /\/dist\/serve\/serve-command\.js$/);
  });
});
