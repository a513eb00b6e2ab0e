/**
 * `gatehouse serve`: starts Gatehouse and reports where it answers; stops on SIGINT / SIGTERM
 * with a line saying so. A port that cannot be had is reported with the option that changes it.
 */
import { performance } from 'node:perf_hooks';
import { startGatehouse, type RunningGatehouse } from '../server/gatehouse-server.js';

export interface ServeCommandOptions {
  readonly host: string;
  readonly port: number;
  readonly data: string;
  readonly store?: string;
  readonly accountId: string;
  readonly region: string;
  readonly propagationDelay: number;
  readonly maxConnections: number;
  readonly maxBodyMemory: number;
  readonly proxyOtherHosts: 'refuse' | 'pass';
  readonly json?: boolean;
}

/** Refused proxy hosts named on stderr, each once, up to this many. */
const REFUSED_HOSTS_TOLD = 1000;

/** A failure to listen, said the way a user can act on it; undefined for other errors. */
export function listenFailureMessage(err: unknown, host: string, port: number): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  const where = `${host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use (is another Gatehouse running? \`gatehouse trail --endpoint http://${where}\` would reach it). Choose another port with --port, e.g. --port ${port === 65535 ? port - 1 : port + 1}.`;
    case 'EACCES':
      return `not allowed to listen on ${where} (ports below 1024 need privileges). Choose another port with --port.`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine. Choose another with --host (e.g. --host 127.0.0.1).`;
    default:
      return undefined;
  }
}

export async function runServe(o: ServeCommandOptions): Promise<void> {
  const env = process.env;
  const rootCredentials =
    env.GATEHOUSE_ROOT_ACCESS_KEY_ID !== undefined && env.GATEHOUSE_ROOT_SECRET_ACCESS_KEY !== undefined
      ? { accessKeyId: env.GATEHOUSE_ROOT_ACCESS_KEY_ID, secretAccessKey: env.GATEHOUSE_ROOT_SECRET_ACCESS_KEY }
      : undefined;
  const told = new Set<string>();
  const onProxyRefused = (target: string): void => {
    if (told.has(target) || told.size >= REFUSED_HOSTS_TOLD) return;
    told.add(target);
    console.error(`gatehouse: proxy refused ${target}: not an AWS host (add it to the client's NO_PROXY, or start with --proxy-other-hosts pass)`);
  };
  let running: RunningGatehouse;
  try {
    running = await startGatehouse({
      host: o.host,
      port: o.port,
      dataDir: o.data,
      storeUrl: o.store,
      accountId: o.accountId,
      region: o.region,
      propagationDelayMs: o.propagationDelay,
      rootCredentials,
      maxConnections: o.maxConnections,
      maxBodyMemoryBytes: o.maxBodyMemory * 1024 * 1024,
      proxyOtherHosts: o.proxyOtherHosts,
      onProxyRefused,
    });
  } catch (err) {
    const message = listenFailureMessage(err, o.host, o.port);
    throw message !== undefined ? new Error(message) : err;
  }
  const startMillis = Math.round(performance.now());
  if (o.json === true) {
    console.log(
      JSON.stringify({
        endpoint: running.url,
        accountId: o.accountId,
        store: running.store.backend,
        credentialsFile: running.credentialsFile,
        profile: 'gatehouse',
        httpsProxy: running.url,
        caBundle: running.caFile,
        caSha1Thumbprint: running.ca.sha1Thumbprint,
        proxyOtherHosts: o.proxyOtherHosts,
        startMillis,
      }),
    );
  } else {
    console.log(`Gatehouse is answering on ${running.url} (account ${o.accountId}, ${running.store.backend} store, ready in ${startMillis} ms)`);
    console.log(`Root credentials: profile "gatehouse" in ${running.credentialsFile}`);
    console.log('Try:');
    console.log(`  AWS_SHARED_CREDENTIALS_FILE=${running.credentialsFile} AWS_PROFILE=gatehouse AWS_ENDPOINT_URL=${running.url} aws iam get-user`);
    console.log(`  (AWS CLI v2 before 2.13 ignores AWS_ENDPOINT_URL: add --endpoint-url ${running.url})`);
    console.log('Or reach it under AWS\'s own host names (iam.amazonaws.com, sts.<region>.amazonaws.com), through its HTTPS proxy:');
    console.log(`  export HTTPS_PROXY=${running.url} AWS_CA_BUNDLE=${running.caFile}`);
    console.log(
      o.proxyOtherHosts === 'refuse'
        ? '  (other hosts are refused through the proxy: list them in NO_PROXY, or start with --proxy-other-hosts pass)'
        : '  (other hosts are tunnelled through the proxy unread)',
    );
    console.log('Stop with Ctrl-C.');
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    void running.close().then(
      () => {
        if (o.json !== true) console.log(`Gatehouse stopped (${signal}); its state is kept in ${o.store !== undefined ? 'the PostgreSQL store' : o.data}.`);
        process.exit(0);
      },
      (err: unknown) => {
        console.error(`gatehouse: stopping failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
