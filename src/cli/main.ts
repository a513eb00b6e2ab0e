#!/usr/bin/env node
/**
 * The `gatehouse` command. Each command's module is loaded only when that command runs, so
 * `gatehouse --version`, `--help` and the client commands start without loading the server.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_ACCOUNT_ID, DEFAULT_HOST, DEFAULT_MAX_BODY_MEMORY, DEFAULT_MAX_CONNECTIONS, DEFAULT_PORT, DEFAULT_REGION } from '../server/serve-defaults.js';
import { DEFAULT_DATA_DIR, resolveCredentials, resolveEndpoint } from './client-config.js';

/** The package's version, from its package.json (`dist/src/cli/` → the package root). */
function packageVersion(): string {
  const text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

const program = new Command();
program
  .name('gatehouse')
  .description('The AWS identity plane on one machine: IAM, STS, Organizations SCPs and EKS identity, with reasons for every decision.')
  .version(packageVersion(), '-V, --version', 'print the version')
  .showHelpAfterError('(run gatehouse --help for the commands)');

const integer = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number`);
  return n;
};

const positive = (name: string) => (v: string): number => {
  const n = integer(name)(v);
  if (n === 0) throw new InvalidArgumentError(`${name} must be at least 1`);
  return n;
};

program
  .command('serve')
  .description('start Gatehouse: an AWS endpoint for IAM (and CloudTrail LookupEvents) on one port, which is also an HTTPS proxy for AWS host names')
  .option('--host <host>', 'address to listen on', DEFAULT_HOST)
  .option('--port <port>', 'port to listen on', integer('--port'), DEFAULT_PORT)
  .option('--data <dir>', 'data directory (state, root credentials)', DEFAULT_DATA_DIR)
  .option('--store <url>', 'postgres://… to share state through PostgreSQL (default: embedded SQLite in the data directory)')
  .option('--account-id <id>', 'the management account ID', DEFAULT_ACCOUNT_ID)
  .option('--region <region>', 'default region', DEFAULT_REGION)
  .option('--propagation-delay <ms>', 'make IAM changes visible to authorization only after this delay', integer('--propagation-delay'), 0)
  .option('--max-connections <n>', 'open connections served at once; past it requests get a throttling answer', positive('--max-connections'), DEFAULT_MAX_CONNECTIONS)
  .option('--max-body-memory <MiB>', 'memory for request bodies across all connections; past it requests get a throttling answer', positive('--max-body-memory'), DEFAULT_MAX_BODY_MEMORY / (1024 * 1024))
  .addOption(
    new Option('--proxy-other-hosts <policy>', 'what the HTTPS proxy does with hosts that are not AWS\'s: refuse (403 naming the host) or pass (a plain TCP tunnel)')
      .choices(['refuse', 'pass'])
      .default('refuse'),
  )
  .option('--json', 'print the startup facts as JSON')
  .action(async (o: { host: string; port: number; data: string; store?: string; accountId: string; region: string; propagationDelay: number; maxConnections: number; maxBodyMemory: number; proxyOtherHosts: 'refuse' | 'pass'; json?: boolean }) => {
    if (!/^\d{12}$/.test(o.accountId)) throw new InvalidArgumentError('--account-id must be 12 digits');
    if (o.port > 65535) throw new InvalidArgumentError('--port must be at most 65535');
    const { runServe } = await import('./serve-command.js');
    await runServe(o);
  });

program
  .command('trail')
  .description('list the audit trail of a running Gatehouse (newest first)')
  .option('--endpoint <url>', 'Gatehouse endpoint (default: $GATEHOUSE_ENDPOINT or http://127.0.0.1:4599)')
  .option('--data <dir>', 'data directory holding the root profile (last resort for credentials)', DEFAULT_DATA_DIR)
  .option('--region <region>', 'region to sign for', DEFAULT_REGION)
  .option('--event <name>', 'only events with this name (e.g. CreateUser)')
  .option('--user <name>', 'only events of this user name')
  .option('--access-key <id>', 'only events signed with this access key')
  .option('--denied', 'only access-denied events')
  .option('--since <iso>', 'only events at or after this time (ISO 8601)')
  .option('--max <n>', 'at most this many events', integer('--max'), 50)
  .option('--json', 'print { "events": [CloudTrail record…] }')
  .action(async (o: { endpoint?: string; data: string; region: string; event?: string; user?: string; accessKey?: string; denied?: boolean; since?: string; max: number; json?: boolean }) => {
    const credentials = resolveCredentials(o.data);
    if (credentials === undefined) throw new Error('no credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, or --data pointing at a Gatehouse data directory');
    const since = o.since !== undefined ? new Date(o.since) : undefined;
    if (since !== undefined && Number.isNaN(since.getTime())) throw new InvalidArgumentError('--since must be an ISO 8601 time');
    const { fetchTrail, formatTrail } = await import('./trail-command.js');
    const records = await fetchTrail({
      endpoint: resolveEndpoint(o.endpoint),
      credentials,
      region: o.region,
      eventName: o.event,
      user: o.user,
      accessKey: o.accessKey,
      deniedOnly: o.denied === true,
      since,
      max: o.max,
    });
    console.log(o.json === true ? JSON.stringify({ events: records }, null, 2) : formatTrail(records));
  });

program
  .command('eks')
  .description('EKS clusters of a running Gatehouse')
  .command('token')
  .description('print a projected service-account token signed by the cluster\'s OIDC issuer')
  .requiredOption('--cluster <name>', 'cluster name')
  .requiredOption('--namespace <ns>', 'namespace of the service account')
  .requiredOption('--service-account <name>', 'service account name')
  .option('--audience <aud>', 'audience (default: the API server\'s, https://kubernetes.default.svc; IRSA uses sts.amazonaws.com)')
  .option('--expiration <seconds>', 'lifetime in seconds (at least 600; default 3600)', integer('--expiration'))
  .option('--endpoint <url>', 'Gatehouse endpoint (default: $GATEHOUSE_ENDPOINT or http://127.0.0.1:4599)')
  .option('--data <dir>', 'data directory holding the root profile (last resort for credentials)', DEFAULT_DATA_DIR)
  .option('--region <region>', 'the cluster\'s region', DEFAULT_REGION)
  .option('--json', 'print the TokenRequest { kind, apiVersion, metadata, spec, status: { token, expirationTimestamp } }')
  .action(async (o: { cluster: string; namespace: string; serviceAccount: string; audience?: string; expiration?: number; endpoint?: string; data: string; region: string; json?: boolean }) => {
    const credentials = resolveCredentials(o.data);
    if (credentials === undefined) throw new Error('no credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, or --data pointing at a Gatehouse data directory');
    const { fetchServiceAccountToken } = await import('./eks-token-command.js');
    const out = await fetchServiceAccountToken({
      endpoint: resolveEndpoint(o.endpoint),
      credentials,
      region: o.region,
      cluster: o.cluster,
      namespace: o.namespace,
      serviceAccount: o.serviceAccount,
      ...(o.audience !== undefined ? { audience: o.audience } : {}),
      ...(o.expiration !== undefined ? { expirationSeconds: o.expiration } : {}),
    });
    console.log(o.json === true ? JSON.stringify(out, null, 2) : out.status.token);
  });

// `gatehouse` alone: the help, as a successful answer.
if (process.argv.length <= 2) {
  program.outputHelp();
  process.exit(0);
}

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`gatehouse: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
