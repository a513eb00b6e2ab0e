/**
 * Runs AWS CLI commands the way the `aws` command does — its own `awscli.clidriver`, unmodified,
 * with the arguments and environment of each command — but in one long-lived Python process per
 * CLI installation instead of one process per command. Starting Python and importing botocore is
 * most of what an `aws` command costs (about a second here); the interop suites run hundreds of
 * commands. Each command gets a fresh driver and session, built from the environment given, so
 * nothing carries over from one command to the next but botocore's in-memory model cache. Where
 * the CLI's Python cannot be found, each command is a process of its own, as before.
 */
import { execFile, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Reads requests (`{args, env}`) line by line and answers each with `{code, stdout, stderr}`. */
const DRIVER = String.raw`
import io, json, os, sys, contextlib
from awscli.clidriver import create_clidriver
# awscli adds its data directory to AWS_DATA_PATH when imported; every command keeps it.
BASE = {k: v for k, v in os.environ.items() if k == 'AWS_DATA_PATH'}
proto = sys.stdout
for line in sys.stdin:
    req = json.loads(line)
    os.environ.clear()
    os.environ.update(BASE)
    os.environ.update(req['env'])
    ob, eb = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(ob, encoding='utf-8', write_through=True)
    err = io.TextIOWrapper(eb, encoding='utf-8', write_through=True)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = create_clidriver().main(req['args'])
        except SystemExit as e:
            rc = e.code if isinstance(e.code, int) else 1
        except BaseException as e:
            print(repr(e), file=sys.stderr)
            rc = 255
    out.flush()
    err.flush()
    proto.write(json.dumps({'code': rc, 'stdout': ob.getvalue().decode('utf-8', 'replace'), 'stderr': eb.getvalue().decode('utf-8', 'replace')}) + '\n')
    proto.flush()
`;

/** The Python interpreter an `aws` script runs on: its shebang, through pyenv's shim if need be. */
function interpreterOf(bin: string): string | undefined {
  const shebang = (path: string): string | undefined => {
    try {
      const first = readFileSync(realpathSync(path), 'latin1').slice(0, 200).split('\n')[0] ?? '';
      const m = /^#!\s*(\S*python[\d.]*)\s*$/.exec(first);
      return m?.[1];
    } catch {
      return undefined;
    }
  };
  if (!/(^|\/)aws$/.test(bin)) return undefined;
  const direct = shebang(bin);
  if (direct !== undefined) return direct;
  const viaPyenv = spawnSync('pyenv', ['which', 'aws'], { encoding: 'utf8' });
  return viaPyenv.status === 0 ? shebang(viaPyenv.stdout.trim()) : undefined;
}

interface Pending {
  readonly resolve: (r: CommandResult) => void;
  readonly reject: (e: Error) => void;
}

class DriverProcess {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #lines: Interface;
  readonly #pending: Pending[] = [];
  #stderr = '';
  dead = false;

  constructor(python: string) {
    this.#child = spawn(python, ['-c', DRIVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#lines = createInterface({ input: this.#child.stdout });
    this.#lines.on('line', (line) => {
      const next = this.#pending.shift();
      if (next === undefined) return;
      try {
        next.resolve(JSON.parse(line) as CommandResult);
      } catch (e) {
        next.reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    this.#child.stderr.setEncoding('utf8').on('data', (d: string) => (this.#stderr = (this.#stderr + d).slice(-4000)));
    this.#child.on('exit', () => {
      this.dead = true;
      for (const p of this.#pending.splice(0)) p.reject(new Error(`the AWS CLI driver exited: ${this.#stderr}`));
    });
    // The test process does not wait for the driver; it ends when its input does.
    this.#child.unref();
    (this.#child.stdin as unknown as { unref?: () => void }).unref?.();
    (this.#child.stdout as unknown as { unref?: () => void }).unref?.();
    (this.#child.stderr as unknown as { unref?: () => void }).unref?.();
  }

  run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#child.stdin.write(`${JSON.stringify({ args, env })}\n`);
    });
  }

  close(): void {
    this.#child.stdin.end();
  }
}

/** One driver per CLI installation, started on first use; commands to it run one at a time. */
const drivers = new Map<string, { python: string | undefined; process?: DriverProcess; queue: Promise<unknown> }>();

/** Runs `bin args…` with `env`: in the CLI's long-lived driver where there is one, else as a process. */
export function runAwsCli(bin: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CommandResult> {
  let entry = drivers.get(bin);
  if (entry === undefined) {
    entry = { python: process.env.GATEHOUSE_CLI_PER_PROCESS === '1' ? undefined : interpreterOf(bin), queue: Promise.resolve() };
    drivers.set(bin, entry);
  }
  const e = entry;
  if (e.python === undefined) return runAsProcess(bin, args, env, timeoutMs);
  const result = e.queue.then(async () => {
    if (e.process === undefined || e.process.dead) e.process = new DriverProcess(e.python!);
    const p = e.process;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        p.run(args, env),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            p.close();
            p.dead = true;
            reject(new Error(`aws ${args.join(' ')}: no answer within ${timeoutMs} ms`));
          }, timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  });
  e.queue = result.catch(() => undefined);
  return result;
}

async function runAsProcess(bin: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await execFileP(bin, [...args], { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
