/**
 * The `gatehouse` command as a user meets it: version, help, a port already taken, an endpoint
 * that cannot be reached, and a line on stop — through the built command itself.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cleanEnv, tempDataDir } from '../../test/support/gatehouse-fixture.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../../../gatehouse', import.meta.url));
const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function run(args: readonly string[], env: NodeJS.ProcessEnv = cleanEnv()): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { env, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

void describe('the gatehouse command', () => {
  void it('prints its version with --version and -V, also through ./gatehouse', () => {
    assert.deepEqual(run(['--version']), { status: 0, stdout: `${VERSION}\n`, stderr: '' });
    assert.equal(run(['-V']).stdout, `${VERSION}\n`);
    const viaLauncher = spawnSync(LAUNCHER, ['--version'], { encoding: 'utf8' });
    assert.equal(viaLauncher.status, 0);
    assert.equal(viaLauncher.stdout, `${VERSION}\n`);
  });

  void it('prints help and succeeds when run alone, and with --help', () => {
    for (const args of [[], ['--help'], ['help']]) {
      const r = run(args);
      assert.equal(r.status, 0, `gatehouse ${args.join(' ')}`);
      assert.match(r.stdout, /Usage: gatehouse/);
      assert.match(r.stdout, /serve/);
      assert.match(r.stdout, /trail/);
    }
  });

  void it('says which port is taken and the option that changes it', async () => {
    const holder = createServer();
    await new Promise<void>((ok) => holder.listen(0, '127.0.0.1', ok));
    const port = (holder.address() as { port: number }).port;
    const data = tempDataDir('cli-port');
    try {
      const r = run(['serve', '--data', data, '--port', String(port)]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`^gatehouse: port ${port} on 127\\.0\\.0\\.1 is already in use .*--port`));
      assert.doesNotMatch(r.stderr, /EADDRINUSE/);
    } finally {
      holder.close();
      rmSync(data, { recursive: true, force: true });
    }
  });

  void it('names the endpoint it cannot reach, and how to start or point at one', async () => {
    const probe = createServer();
    await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
    const port = (probe.address() as { port: number }).port;
    await new Promise((ok) => probe.close(ok));
    const endpoint = `http://127.0.0.1:${port}`;
    const r = run(['trail', '--endpoint', endpoint], cleanEnv({ AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' }));
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `gatehouse: cannot reach Gatehouse at ${endpoint} (connection refused: nothing is listening there). Start it with \`gatehouse serve\`, or point this command at a running one with --endpoint URL or the GATEHOUSE_ENDPOINT variable.\n`);
    const viaEnv = run(['trail'], cleanEnv({ GATEHOUSE_ENDPOINT: endpoint, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' }));
    assert.match(viaEnv.stderr, new RegExp(`cannot reach Gatehouse at ${endpoint.replace(/\./g, '\\.')}`));
  });

  void it('says so when it stops on SIGINT', async () => {
    const data = tempDataDir('cli-stop');
    try {
      const child = spawn(process.execPath, [MAIN, 'serve', '--data', data, '--port', '0'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      const lines: string[] = [];
      const reader = createInterface({ input: child.stdout });
      await new Promise<void>((ok) => reader.on('line', (l) => {
        lines.push(l);
        if (l.startsWith('Stop with')) ok();
      }));
      assert.match(lines[0] ?? '', /^Gatehouse is answering on http:\/\/127\.0\.0\.1:\d+ /);
      const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      assert.match(lines.at(-1) ?? '', new RegExp(`^Gatehouse stopped \\(SIGINT\\); its state is kept in ${data.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\.$`));
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
