/**
 * The AWS CLI v1 (`aws` on PATH) and v2 (`/usr/bin/aws`, Debian's awscli) as the interop suites run
 * them against a `gatehouse serve` child: which are installed, and per client a runner that signs
 * with the root profile (or given keys) and parses the JSON it prints.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { cleanEnv, type ServerProcess } from './gatehouse-fixture.js';

const execFileP = promisify(execFile);

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliClient {
  readonly label: string;
  readonly bin: string | undefined;
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = `${dir}/${name}`;
    if (dir !== '' && p !== '/usr/bin/aws' && existsSync(p)) return p;
  }
  return undefined;
}

export const CLI_CLIENTS: readonly CliClient[] = [
  { label: 'AWS CLI v1', bin: findOnPath('aws') },
  { label: 'AWS CLI v2', bin: existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined },
];

export type Keys = { readonly accessKeyId: string; readonly secretAccessKey: string };

export interface CliRunner {
  readonly aws: (args: readonly string[], creds?: Keys) => Promise<CliResult>;
  /** Runs and expects success; returns the printed JSON. */
  readonly ok: <T>(args: readonly string[], creds?: Keys) => Promise<T>;
  /** Runs and expects failure printed exactly as `printed` on stderr. */
  readonly fails: (args: readonly string[], printed: string, creds?: Keys) => Promise<void>;
}

/** A runner for one CLI against the server `server()` returns (started later, in `before`). */
export function cliRunner(bin: string, server: () => ServerProcess): CliRunner {
  const aws = async (args: readonly string[], creds?: Keys): Promise<CliResult> => {
    const s = server();
    const env = cleanEnv({
      AWS_ENDPOINT_URL: s.url,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_PAGER: '',
      ...(creds === undefined
        ? { AWS_SHARED_CREDENTIALS_FILE: s.credentialsFile, AWS_PROFILE: 'gatehouse' }
        : { AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_SHARED_CREDENTIALS_FILE: '/dev/null' }),
    });
    try {
      // Debian's awscli 2.9 predates AWS_ENDPOINT_URL (CLI 2.13), so the endpoint is also passed as a flag.
      const { stdout, stderr } = await execFileP(bin, [...args, '--endpoint-url', s.url, '--output', 'json'], { env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
    }
  };
  return {
    aws,
    ok: async <T>(args: readonly string[], creds?: Keys): Promise<T> => {
      const r = await aws(args, creds);
      assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
      return (r.stdout.trim() === '' ? {} : JSON.parse(r.stdout)) as T;
    },
    fails: async (args: readonly string[], printed: string, creds?: Keys): Promise<void> => {
      const r = await aws(args, creds);
      assert.notEqual(r.code, 0);
      assert.equal(r.stderr.trim(), printed);
    },
  };
}
