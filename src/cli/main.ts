#!/usr/bin/env node
/**
 * The `gatehouse` command.
 */
import { Command, InvalidArgumentError } from 'commander';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ACCOUNT_ID, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_REGION, startGatehouse } from '../server/gatehouse-server.js';
import { DEFAULT_DATA_DIR, resolveCredentials, resolveEndpoint } from './client-config.js';
import { fetchTrail, formatTrail } from './trail-command.js';

const program = new Command();
program.name('gatehouse').description('The AWS identity plane on one machine: IAM, STS, Organizations SCPs and EKS identity, with reasons for every decision.');

const integer = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number`);
  return n;
};

program
  .command('serve')
  .description('start Gatehouse: an AWS endpoint for IAM (and CloudTrail LookupEvents) on one port')
  .option('--host <host>', 'address to listen on', DEFAULT_HOST)
  .option('--port <port>', 'port to listen on', integer('--port'), DEFAULT_PORT)
  .option('--data <dir>', 'data directory (state, root credentials)', DEFAULT_DATA_DIR)
  .option('--store <url>', 'postgres://… to share state through PostgreSQL (default: embedded SQLite in the data directory)')
  .option('--account-id <id>', 'the management account ID', DEFAULT_ACCOUNT_ID)
  .option('--region <region>', 'default region', DEFAULT_REGION)
  .option('--propagation-delay <ms>', 'make IAM changes visible to authorization only after this delay', integer('--propagation-delay'), 0)
  .option('--json', 'print the startup facts as JSON')
  .action(async (o: { host: string; port: number; data: string; store?: string; accountId: string; region: string; propagationDelay: number; json?: boolean }) => {
    if (!/^\d{12}$/.test(o.accountId)) throw new InvalidArgumentError('--account-id must be 12 digits');
    const env = process.env;
    const rootCredentials =
      env.GATEHOUSE_ROOT_ACCESS_KEY_ID !== undefined && env.GATEHOUSE_ROOT_SECRET_ACCESS_KEY !== undefined
        ? { accessKeyId: env.GATEHOUSE_ROOT_ACCESS_KEY_ID, secretAccessKey: env.GATEHOUSE_ROOT_SECRET_ACCESS_KEY }
        : undefined;
    const running = await startGatehouse({
      host: o.host,
      port: o.port,
      dataDir: o.data,
      storeUrl: o.store,
      accountId: o.accountId,
      region: o.region,
      propagationDelayMs: o.propagationDelay,
      rootCredentials,
    });
    const startMillis = Math.round(performance.now());
    if (o.json === true) {
      console.log(JSON.stringify({ endpoint: running.url, accountId: o.accountId, store: running.store.backend, credentialsFile: running.credentialsFile, profile: 'gatehouse', startMillis }));
    } else {
      console.log(`Gatehouse is answering on ${running.url} (account ${o.accountId}, ${running.store.backend} store, ready in ${startMillis} ms)`);
      console.log(`Root credentials: profile "gatehouse" in ${running.credentialsFile}`);
      console.log('Try:');
      console.log(`  AWS_SHARED_CREDENTIALS_FILE=${running.credentialsFile} AWS_PROFILE=gatehouse AWS_ENDPOINT_URL=${running.url} aws iam get-user`);
      console.log(`  (AWS CLI v2 before 2.13 ignores AWS_ENDPOINT_URL: add --endpoint-url ${running.url})`);
    }
    const stop = (): void => {
      void running.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
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

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`gatehouse: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
