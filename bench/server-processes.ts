/**
 * The servers a benchmark runs against, as child processes: Gatehouse (`gatehouse serve` on a fresh
 * data directory) and moto_server, each on a free loopback port. Every child started here is
 * stopped by `stopAll` — the benchmark calls it in `finally`, and an exit hook kills any that remain.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readProfile, credentialsPath, ROOT_PROFILE, type StaticCredentials } from '../src/server/credentials-file.js';

export const LOOPBACK = '127.0.0.1';
/** The compiled `gatehouse` command (this file runs from dist/bench/). */
export const GATEHOUSE_MAIN = resolve(fileURLToPath(import.meta.url), '../../src/cli/main.js');

export interface ServerProcess {
  readonly name: 'gatehouse' | 'moto';
  readonly url: string;
  readonly port: number;
  /** Milliseconds from spawn to the first 200 from the readiness path. */
  readonly startMillis: number;
  /** Credentials to sign with (Gatehouse: its root profile; moto accepts any). */
  readonly credentials: StaticCredentials;
  /** The server's process ID (for its memory figures). */
  readonly pid: number;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
const scratch = new Set<string>();

function killLeftovers(): void {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
}
process.once('exit', killLeftovers);
// A signal would end this process without the exit hook; stop the children first.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killLeftovers();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

/** A port the kernel just handed out and released (the small race with other binders is accepted). */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, LOOPBACK, () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

/** One GET; resolves with the status, or undefined when nothing answers yet. */
function probe(url: string): Promise<number | undefined> {
  return new Promise((ok) => {
    const req = request(url, { method: 'GET', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      ok(res.statusCode);
    });
    req.once('error', () => ok(undefined));
    req.once('timeout', () => {
      req.destroy();
      ok(undefined);
    });
    req.end();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/** Polls `url` every `everyMs` until it answers 200; returns ms since `t0` (hrtime ns). */
async function waitReady(child: ChildProcess, url: string, t0: bigint, timeoutMs: number, everyMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${url}: the server exited before answering`);
    if ((await probe(url)) === 200) return Number(process.hrtime.bigint() - t0) / 1e6;
    await sleep(everyMs);
  }
  throw new Error(`${url}: no 200 within ${timeoutMs} ms`);
}

function track(child: ChildProcess): () => Promise<void> {
  running.add(child);
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      return;
    }
    const gone = new Promise<void>((ok) => child.once('exit', () => ok()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
    running.delete(child);
  };
}

/** Starts `gatehouse serve` on a fresh data directory and a free port. */
export async function startGatehouseProcess(): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  scratch.add(dataDir);
  const port = await freePort();
  const url = `http://${LOOPBACK}:${port}`;
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [GATEHOUSE_MAIN, 'serve', '--data', dataDir, '--port', String(port), '--json'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const stopChild = track(child);
  try {
    const startMillis = await waitReady(child, `${url}/_gatehouse/health`, t0, 15_000, 2);
    const credentials = readProfile(credentialsPath(dataDir), ROOT_PROFILE);
    if (credentials === undefined) throw new Error(`no root profile in ${credentialsPath(dataDir)}`);
    return {
      name: 'gatehouse',
      url,
      port,
      startMillis,
      credentials,
      pid: child.pid ?? 0,
      async stop() {
        await stopChild();
        rmSync(dataDir, { recursive: true, force: true });
        scratch.delete(dataDir);
      },
    };
  } catch (err) {
    await stopChild();
    throw err;
  }
}

/** Starts moto_server on a free loopback port (its request log is discarded). */
export async function startMotoProcess(): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://${LOOPBACK}:${port}`;
  const t0 = process.hrtime.bigint();
  const child = spawn('moto_server', ['-H', LOOPBACK, '-p', String(port)], { stdio: ['ignore', 'ignore', 'ignore'] });
  const failed = new Promise<never>((_, fail) => child.once('error', fail));
  const stopChild = track(child);
  try {
    const startMillis = await Promise.race([waitReady(child, `${url}/moto-api/`, t0, 30_000, 5), failed]);
    return {
      name: 'moto',
      url,
      port,
      startMillis,
      // moto checks no signature; any well-formed key will do.
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      pid: child.pid ?? 0,
      stop: stopChild,
    };
  } catch (err) {
    await stopChild();
    throw err;
  }
}

/** Stops every child this module started that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((ok) => {
          if (child.exitCode !== null || child.signalCode !== null) return ok();
          child.once('exit', () => ok());
          child.kill('SIGKILL');
        }),
    ),
  );
  running.clear();
}
