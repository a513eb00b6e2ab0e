/**
 * The AWS CLI v1 (`aws` on PATH) and v2 (`/usr/bin/aws`, Debian's awscli) as the interop suites
 * run them against a `gatehouse serve` child: each command with the endpoint, JSON output, no
 * pager and no configuration but the credentials given (the root profile the server wrote, or a
 * user's key).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cleanEnv, type ServerProcess } from './gatehouse-fixture.js';
import { runAwsCli } from './aws-cli-driver.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface CliClient {
  readonly label: 'AWS CLI v1' | 'AWS CLI v2';
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

/** Why a client's suite is skipped, or false when it runs. */
export function skipUnlessInstalled(client: CliClient): string | false {
  return client.bin === undefined ? `${client.label} is not installed on this machine (CI installs it)` : false;
}

export interface Cli {
  readonly run: (args: readonly string[], creds?: CliCredentials) => Promise<CliResult>;
  /** Runs a command that must succeed; its JSON output. */
  readonly ok: <T>(args: readonly string[], creds?: CliCredentials) => Promise<T>;
  /** Runs a command that must fail, printing exactly `printed` (or text matching it) on stderr. */
  readonly fails: (args: readonly string[], printed: string | RegExp, creds?: CliCredentials) => Promise<void>;
}

export function cli(client: CliClient, server: () => ServerProcess): Cli {
  async function run(args: readonly string[], creds?: CliCredentials): Promise<CliResult> {
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
    // Debian's awscli 2.9 predates AWS_ENDPOINT_URL (CLI 2.13), so the endpoint is also passed as a flag.
    return runAwsCli(client.bin ?? 'aws', [...args, '--endpoint-url', s.url, '--output', 'json'], env);
  }
  return {
    run,
    ok: async <T>(args: readonly string[], creds?: CliCredentials): Promise<T> => {
      const r = await run(args, creds);
      assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
      return (r.stdout.trim() === '' ? {} : JSON.parse(r.stdout)) as T;
    },
    fails: async (args: readonly string[], printed: string | RegExp, creds?: CliCredentials): Promise<void> => {
      const r = await run(args, creds);
      assert.notEqual(r.code, 0, `aws ${args.join(' ')} succeeded: ${r.stdout}`);
      if (typeof printed === 'string') assert.equal(r.stderr.trim(), printed);
      else assert.match(r.stderr.trim(), printed);
    },
  };
}

/** Access keys a command signs with instead of the root profile. */
export type Keys = CliCredentials;

/** The runner of one CLI binary (`ok`, `fails` and `aws`, which runs a command as it is). */
export function cliRunner(bin: string, server: () => ServerProcess): Cli & { readonly aws: Cli['run'] } {
  const runner = cli({ label: bin === '/usr/bin/aws' ? 'AWS CLI v2' : 'AWS CLI v1', bin }, server);
  return { ...runner, aws: runner.run };
}
