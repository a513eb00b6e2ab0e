/**
 * A Gatehouse for the real-client suites: in-process on a free port over a fresh data directory,
 * or as a child process running the built `gatehouse serve` (for the crash test and the CLI
 * suites), with AWS SDK v3 clients signed by the root profile the server wrote.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { IAMClient, CreateUserCommand, CreateAccessKeyCommand, type Tag } from '@aws-sdk/client-iam';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { STSClient } from '@aws-sdk/client-sts';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import type { AwsCredentialIdentity } from '@smithy/types';
import { startGatehouse, type RunningGatehouse } from '../../src/server/gatehouse-server.js';
import type { IssuerKeyCacheOptions } from '../../src/server/oidc/issuer-key-cache.js';

export const ACCOUNT_ID = '123456789012';
export const ROOT_PROFILE = 'gatehouse';

/** `dist/src/cli/main.js`, next to this file's compiled form in `dist/test/support/`. */
export const CLI_MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface UserCredentials extends AwsCredentialIdentity {
  readonly userName: string;
  readonly arn: string;
  readonly userId: string;
}

export function tempDataDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `gatehouse-${label}-`));
}

/** The root credentials from `<data>/credentials`, read by the SDK's own shared-file loader. */
export function rootCredentials(credentialsFile: string): Promise<AwsCredentialIdentity> {
  return fromIni({ profile: ROOT_PROFILE, filepath: credentialsFile, configFilepath: join(tmpdir(), 'gatehouse-no-aws-config'), ignoreCache: true })();
}

export function iamClient(url: string, credentials: AwsCredentialIdentity): IAMClient {
  return new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

export function stsClient(url: string, credentials: AwsCredentialIdentity, region = 'us-east-1'): STSClient {
  return new STSClient({ endpoint: url, region, credentials, maxAttempts: 1 });
}

export function cloudTrailClient(url: string, credentials: AwsCredentialIdentity): CloudTrailClient {
  return new CloudTrailClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

export function organizationsClient(url: string, credentials: AwsCredentialIdentity): OrganizationsClient {
  return new OrganizationsClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

/** A member account's root credentials: profile `gatehouse-<account ID>` of the server's credentials file. */
export function memberRootCredentials(credentialsFile: string, accountId: string): Promise<AwsCredentialIdentity> {
  return fromIni({ profile: `${ROOT_PROFILE}-${accountId}`, filepath: credentialsFile, configFilepath: join(tmpdir(), 'gatehouse-no-aws-config'), ignoreCache: true })();
}

export interface FixtureOptions {
  readonly dataDir?: string;
  readonly propagationDelayMs?: number;
  readonly maxConnections?: number;
  readonly maxBodyMemoryBytes?: number;
  /** The server's clock (to move time for expiry checks). */
  readonly clock?: () => Date;
  readonly proxyOtherHosts?: 'refuse' | 'pass';
  readonly proxyHandshakeTimeoutMs?: number;
  /** Extra trusted CAs and limits for reaching OIDC issuers. */
  readonly identityProviders?: IssuerKeyCacheOptions;
}

/** One in-process Gatehouse with clients signed as root. */
export interface GatehouseFixture {
  readonly server: RunningGatehouse;
  readonly url: string;
  readonly dataDir: string;
  readonly root: AwsCredentialIdentity;
  /** IAM as the root user. */
  readonly iam: IAMClient;
  /** CloudTrail as the root user. */
  readonly cloudtrail: CloudTrailClient;
  /** Organizations as the root user of the management account. */
  readonly organizations: OrganizationsClient;
  /** IAM signed with other credentials. */
  iamAs(credentials: AwsCredentialIdentity): IAMClient;
  /** Organizations signed with other credentials. */
  organizationsAs(credentials: AwsCredentialIdentity): OrganizationsClient;
  /** Stops the server; removes the data directory unless `keepData`. */
  close(keepData?: boolean): Promise<void>;
}

export async function startFixture(o: FixtureOptions = {}): Promise<GatehouseFixture> {
  const dataDir = o.dataDir ?? tempDataDir('server');
  const server = await startGatehouse({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    storeUrl: undefined,
    accountId: ACCOUNT_ID,
    region: 'us-east-1',
    propagationDelayMs: o.propagationDelayMs ?? 0,
    rootCredentials: undefined,
    maxConnections: o.maxConnections,
    maxBodyMemoryBytes: o.maxBodyMemoryBytes,
    clock: o.clock,
    proxyOtherHosts: o.proxyOtherHosts,
    proxyHandshakeTimeoutMs: o.proxyHandshakeTimeoutMs,
    identityProviders: o.identityProviders,
  });
  const root = await rootCredentials(server.credentialsFile);
  const clients: IAMClient[] = [];
  const iamAs = (credentials: AwsCredentialIdentity): IAMClient => {
    const c = iamClient(server.url, credentials);
    clients.push(c);
    return c;
  };
  const iam = iamAs(root);
  const cloudtrail = cloudTrailClient(server.url, root);
  const orgClients: OrganizationsClient[] = [];
  const organizationsAs = (credentials: AwsCredentialIdentity): OrganizationsClient => {
    const c = organizationsClient(server.url, credentials);
    orgClients.push(c);
    return c;
  };
  const organizations = organizationsAs(root);
  return {
    server,
    url: server.url,
    dataDir,
    root,
    iam,
    cloudtrail,
    organizations,
    iamAs,
    organizationsAs,
    async close(keepData = false) {
      for (const c of clients) c.destroy();
      for (const c of orgClients) c.destroy();
      cloudtrail.destroy();
      await server.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a user (optionally tagged) with one access key; returns the key as SDK credentials. */
export async function createUserWithKey(iam: IAMClient, userName: string, tags?: Tag[]): Promise<UserCredentials> {
  const created = await iam.send(new CreateUserCommand({ UserName: userName, Tags: tags }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  const k = key.AccessKey;
  if (k?.AccessKeyId === undefined || k.SecretAccessKey === undefined || created.User?.Arn === undefined || created.User.UserId === undefined) {
    throw new Error(`CreateUser/CreateAccessKey for ${userName} answered without a key or user`);
  }
  return { userName, arn: created.User.Arn, userId: created.User.UserId, accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
}

/** A `gatehouse serve` child process. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly credentialsFile: string;
  /** The whole startup line (`--json`). */
  readonly startup: Readonly<Record<string, unknown>>;
  /** Lines the process printed on stderr so far (for failure messages). */
  readonly stderr: string[];
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
}

export interface SpawnOptions {
  readonly dataDir: string;
  readonly port?: number;
  readonly extraArgs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** Spawns `node dist/src/cli/main.js serve --json` and waits for its startup line. */
export async function spawnServer(o: SpawnOptions): Promise<ServerProcess> {
  const args = [CLI_MAIN, 'serve', '--json', '--data', o.dataDir, '--port', String(o.port ?? 0), ...(o.extraArgs ?? [])];
  const child = spawn(process.execPath, args, { env: o.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const lines = createInterface({ input: child.stdout });
  const started = await new Promise<{ endpoint: string; credentialsFile: string } & Record<string, unknown>>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`gatehouse serve did not start in 20 s: ${stderr.join('\n')}`)), 20_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        ok(JSON.parse(line) as { endpoint: string; credentialsFile: string } & Record<string, unknown>);
      } catch {
        fail(new Error(`unexpected startup line: ${line}`));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`gatehouse serve exited with ${code}: ${stderr.join('\n')}`));
    });
  });
  return { child, url: started.endpoint, credentialsFile: started.credentialsFile, startup: started, stderr, exited };
}

/** The parent's environment without any AWS_* or GATEHOUSE_* variable, so nothing leaks into a client. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('AWS_') && !k.startsWith('GATEHOUSE_') && !k.startsWith('NODE_TEST')) env[k] = v;
  }
  return { ...env, ...extra };
}

/** Stops a child server gracefully (SIGTERM) and waits for it. */
export async function stopServer(p: ServerProcess): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await p.exited;
}
