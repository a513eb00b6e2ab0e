#!/usr/bin/env node
/**
 * The `gatehouse` command. Each command's module is loaded only when that command runs, so
 * `gatehouse --version`, `--help` and the client commands start without loading the server.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_ACCOUNT_ID, DEFAULT_HOST, DEFAULT_MAX_BODY_MEMORY, DEFAULT_MAX_CONNECTIONS, DEFAULT_PORT, DEFAULT_REGION } from '../server/serve-defaults.js';
import { DEFAULT_DATA_DIR, resolveCredentials, resolveEndpoint } from './client-config.js';
import { serveModule } from './serve-module.js';

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
    const { runServe } = (await import(serveModule(new URL('./', import.meta.url)))) as typeof import('./serve-command.js');
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
  .command('doctor')
  .description('name the error-catalogue entry an AWS or kubectl error is, with its documented cause and fix; with --endpoint (Gatehouse) or --profile/--aws, check which cause holds')
  .argument('[text...]', 'the error text as printed (or a file holding it)')
  .option('--stdin', 'read the error text from standard input')
  .option('-f, --file <path>', 'read the error text from a file (doctor irsa: the pod manifest)')
  .option('--json', 'print the diagnosis as JSON (see README: gatehouse doctor)')
  .option('--endpoint <url>', 'check against this Gatehouse (read-only calls through the AWS SDK)')
  .option('--aws', 'check against AWS itself through the standard credential chain')
  .option('--profile <name>', 'the AWS profile to check with (implies --aws unless --endpoint is given)')
  .option('--region <region>', 'the region for STS calls')
  .option('--data <dir>', 'Gatehouse data directory holding the root profile (last resort for credentials)', DEFAULT_DATA_DIR)
  .option('--explain-calls', 'list the read-only calls the checks would make, and make none')
  .option('--principal <arn>', 'the principal, when the text does not name it')
  .option('--action <action>', 'the action, when the text does not name it')
  .option('--resource <arn>', 'the resource, when the text does not name it')
  .option('--role-arn <arn>', 'the role involved (web identity, session duration)')
  .option('--issuer <url>', "the cluster's OIDC issuer URL")
  .option('--user <name>', 'the IAM user involved')
  .option('--cluster <name>', "doctor irsa / doctor aws-auth: the EKS cluster; with error text, run the cluster-side entry's checklist there")
  .option('-n, --namespace <name>', 'doctor irsa: the service account\'s namespace', 'default')
  .option('--service-account <name>', 'doctor irsa: the service account')
  .option('--sdk <name>', 'doctor irsa: the AWS SDK the pod uses (java-v2, java, go, boto3, botocore, aws-cli, node, ruby, cpp, dotnet, php)')
  .option('--sdk-version <version>', 'doctor irsa: its version')
  .addHelpText('after', '\nEKS checklists:\n  gatehouse doctor irsa --cluster C --namespace N --service-account SA [-f pod.yaml] [--sdk NAME --sdk-version V] [--json]\n  gatehouse doctor aws-auth --cluster C [--principal ARN] [--json]')
  .action(async (text: string[], o: import('./doctor-k8s-command.js').DoctorK8sOptions) => {
    if (text.length === 1 && (text[0] === 'irsa' || text[0] === 'aws-auth')) {
      const { runDoctorIrsa, runDoctorAwsAuth } = await import('./doctor-k8s-command.js');
      const r = text[0] === 'irsa' ? await runDoctorIrsa(o) : await runDoctorAwsAuth(o);
      console.log(r.output);
      if (!r.ok) process.exitCode = 1;
      return;
    }
    const { doctorInput, runDoctor } = await import('./doctor-command.js');
    const { diagnosis, output } = await runDoctor(await doctorInput(text, o), o);
    console.log(output);
    if (!diagnosis.recognised) process.exitCode = 2;
  });

program
  .command('explain')
  .description('why a request is allowed or denied: the deciding statements by policy type, failing conditions and the smallest fix (from the running Gatehouse, or --profile/--aws for AWS)')
  .option('--principal <arn>', 'the principal making the request')
  .option('--action <action>', 'the action, e.g. s3:GetObject')
  .option('--resource <arn>', 'the resource (default *)')
  .option('--context <key=value>', 'a condition key of the request (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
  .option('--request-id <id>', 'explain a request from the audit trail')
  .option('--last-denied', 'explain the latest denied request in the audit trail')
  .option('--json', 'print the report as JSON (see README: gatehouse explain)')
  .option('--endpoint <url>', 'Gatehouse endpoint (default: $GATEHOUSE_ENDPOINT or http://127.0.0.1:4599)')
  .option('--aws', 'read the policies from AWS itself through the standard credential chain')
  .option('--profile <name>', 'the AWS profile to read with')
  .option('--region <region>', 'the region for STS calls')
  .option('--data <dir>', 'data directory holding the root profile (last resort for credentials)', DEFAULT_DATA_DIR)
  .action(async (o: import('./explain-command.js').ExplainOptions) => {
    const { runExplain } = await import('./explain-command.js');
    const { output } = await runExplain(o);
    console.log(output);
  });

program
  .command('import')
  .description('load `aws iam get-account-authorization-details` output (several accounts, all pages), Organizations and EKS outputs and `gatehouse collect` bundles into the data directory; run with Gatehouse stopped, or restart it after')
  .argument('<files...>', 'JSON files (or directories of them): GetAccountAuthorizationDetails output, `aws organizations …` / `aws eks …` outputs, collect bundles')
  .option('--data <dir>', 'data directory', DEFAULT_DATA_DIR)
  .option('--store <url>', 'postgres://… when Gatehouse shares state through PostgreSQL')
  .option('--region <region>', 'region written with new accounts\' root profiles', DEFAULT_REGION)
  .option('--account-id <id>', 'the management account ID Gatehouse serves with', DEFAULT_ACCOUNT_ID)
  .option('--no-progress', 'no progress bar')
  .option('--json', 'print the summary as JSON (see README: gatehouse import)')
  .action(async (files: string[], o: import('./import-command.js').ImportOptions) => {
    const { runImport } = await import('./import-command.js');
    const { output } = await runImport(files, o);
    console.log(output);
  });

program
  .command('collect')
  .description('read an account (IAM, its organization: SCPs, RCPs, OUs, accounts, tags; EKS clusters: access entries, access policies, Pod Identity associations) with read-only calls, into files `gatehouse import` loads')
  .requiredOption('--out <path>', 'a bundle file, or a directory (existing, or ending in /) for one file per call')
  .option('--endpoint <url>', 'collect from this Gatehouse (default: $GATEHOUSE_ENDPOINT or http://127.0.0.1:4599 unless --aws or --profile)')
  .option('--aws', 'collect from AWS itself through the standard credential chain')
  .option('--profile <name>', 'the AWS profile to collect with (implies --aws unless --endpoint is given)')
  .option('--region <region>', 'a region whose EKS clusters to read (repeatable; default $AWS_REGION or us-east-1)', (v: string, all: string[] | undefined) => [...(all ?? []), v])
  .option('--data <dir>', 'Gatehouse data directory holding the root profile (last resort for credentials)', DEFAULT_DATA_DIR)
  .option('--json', 'print the summary as JSON (see README: gatehouse collect)')
  .action(async (o: import('./collect-command.js').CollectOptions) => {
    const { runCollect } = await import('./collect-command.js');
    const { output } = await runCollect(o);
    console.log(output);
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
  .option('--pod <name>', 'bind the token to this pod of the namespace, as the kubelet does (with --expiration 3607 and the API server\'s audience: EKS\'s 90-day extended expiry)')
  .option('--endpoint <url>', 'Gatehouse endpoint (default: $GATEHOUSE_ENDPOINT or http://127.0.0.1:4599)')
  .option('--data <dir>', 'data directory holding the root profile (last resort for credentials)', DEFAULT_DATA_DIR)
  .option('--region <region>', 'the cluster\'s region', DEFAULT_REGION)
  .option('--json', 'print the TokenRequest { kind, apiVersion, metadata, spec, status: { token, expirationTimestamp } }')
  .action(async (o: { cluster: string; namespace: string; serviceAccount: string; audience?: string; expiration?: number; pod?: string; endpoint?: string; data: string; region: string; json?: boolean }) => {
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
      ...(o.pod !== undefined ? { pod: o.pod } : {}),
      ...(o.expiration !== undefined ? { expirationSeconds: o.expiration } : {}),
    });
    console.log(o.json === true ? JSON.stringify(out, null, 2) : out.status.token);
  });

interface ClientFlags {
  endpoint?: string;
  data: string;
  region: string;
}

function clientOptions(o: ClientFlags & { cluster: string }): { endpoint: string; credentials: NonNullable<ReturnType<typeof resolveCredentials>>; region: string; cluster: string } {
  const credentials = resolveCredentials(o.data);
  if (credentials === undefined) throw new Error('no credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, or --data pointing at a Gatehouse data directory');
  return { endpoint: resolveEndpoint(o.endpoint), credentials, region: o.region, cluster: o.cluster };
}

function clientCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .requiredOption('--cluster <name>', 'the EKS cluster')
    .option('--endpoint <url>', 'Gatehouse endpoint (default: $GATEHOUSE_ENDPOINT or http://127.0.0.1:4599)')
    .option('--data <dir>', 'data directory holding the root profile (last resort for credentials)', DEFAULT_DATA_DIR)
    .option('--region <region>', "the cluster's region", process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_REGION);
}

const k8s = program.command('k8s').description("a Gatehouse EKS cluster's Kubernetes objects and identity mapping");

clientCommand(k8s, 'apply', 'load manifests into the cluster (pods get the pod identity webhook\'s mutation)')
  .requiredOption('-f, --filename <path...>', 'manifest files or directories (multi-document YAML or JSON; - for stdin)')
  .option('-n, --namespace <ns>', 'namespace for objects that name none', 'default')
  .option('--json', 'print the result as JSON')
  .action(async (o: ClientFlags & { cluster: string; filename: string[]; namespace: string; json?: boolean }) => {
    const { k8sCall, readManifestFiles, formatApply } = await import('./k8s-command.js');
    const r = await k8sCall<Parameters<typeof formatApply>[0]>(clientOptions(o), 'apply', { documents: readManifestFiles(o.filename), namespace: o.namespace });
    console.log(o.json === true ? JSON.stringify(r, null, 2) : formatApply(r));
    if (r.problems.length > 0) process.exitCode = 1;
  });

clientCommand(k8s, 'get', 'list the cluster\'s objects (all of them, of one kind, or one by name)')
  .argument('[kind]', 'resource type: pods, po, serviceaccounts, sa, configmaps, deployments.apps…')
  .argument('[name]', 'object name')
  .option('-n, --namespace <ns>', 'namespace (default: default, for namespaced kinds)')
  .option('-A, --all-namespaces', 'every namespace')
  .addOption(new Option('-o, --output <format>', 'output format').choices(['json', 'yaml', 'name']))
  .option('--json', 'print a List of the objects as JSON (the object itself when NAME is given)')
  .action(async (kind: string | undefined, name: string | undefined, o: ClientFlags & { cluster: string; namespace?: string; allNamespaces?: boolean; output?: string; json?: boolean }) => {
    const { k8sCall, formatGet } = await import('./k8s-command.js');
    const namespace = o.allNamespaces === true ? undefined : (o.namespace ?? (kind !== undefined ? 'default' : undefined));
    const r = await k8sCall<{ items: Parameters<typeof formatGet>[0] }>(clientOptions(o), 'objects', undefined, { resource: kind, name, namespace });
    if (o.json === true || o.output === 'json') console.log(JSON.stringify(name !== undefined && r.items.length === 1 ? r.items[0] : { apiVersion: 'v1', kind: 'List', items: r.items }, null, 2));
    else if (o.output === 'yaml') {
      const { stringify } = await import('yaml');
      process.stdout.write(stringify(name !== undefined && r.items.length === 1 ? r.items[0] : { apiVersion: 'v1', kind: 'List', items: r.items }));
    } else if (o.output === 'name') console.log(r.items.map((i) => `${i.kind.toLowerCase()}/${i.metadata.name ?? ''}`).join('\n'));
    else console.log(formatGet(r.items, { allNamespaces: o.allNamespaces === true, ...(namespace !== undefined ? { namespace } : {}) }));
  });

clientCommand(k8s, 'delete', 'delete objects by kind and name, or those of manifest files')
  .argument('[kind]', 'resource type')
  .argument('[names...]', 'object names')
  .option('-f, --filename <path...>', 'delete the objects of these manifests')
  .option('-n, --namespace <ns>', 'namespace', 'default')
  .option('--json', 'print the result as JSON')
  .action(async (kind: string | undefined, names: string[], o: ClientFlags & { cluster: string; filename?: string[]; namespace: string; json?: boolean }) => {
    const { k8sCall, readManifestFiles } = await import('./k8s-command.js');
    if (o.filename === undefined && (kind === undefined || names.length === 0)) throw new InvalidArgumentError('give a kind and names, or -f manifests');
    const body = o.filename !== undefined ? { documents: readManifestFiles(o.filename), namespace: o.namespace } : { resource: kind, names, namespace: o.namespace };
    const r = await k8sCall<{ deleted: { kind: string; group: string; name: string }[]; notFound: string[] }>(clientOptions(o), 'delete', body);
    if (o.json === true) console.log(JSON.stringify(r, null, 2));
    else {
      for (const d of r.deleted) console.log(`${d.kind.toLowerCase()}${d.group !== '' ? `.${d.group}` : ''} "${d.name}" deleted`);
      for (const n of r.notFound) console.error(`Error from server (NotFound): ${n}`);
    }
    if (r.notFound.length > 0) process.exitCode = 1;
  });

clientCommand(k8s, 'whoami', 'the Kubernetes username and groups an AWS principal gets in the cluster, or why it gets none')
  .option('--principal <arn>', 'an IAM user or role ARN, or an assumed-role session ARN (default: the caller)')
  .option('--json', 'print the result as JSON')
  .action(async (o: ClientFlags & { cluster: string; principal?: string; json?: boolean }) => {
    const { k8sCall, formatWhoami } = await import('./k8s-command.js');
    const r = await k8sCall<Parameters<typeof formatWhoami>[0]>(clientOptions(o), 'whoami', o.principal !== undefined ? { principal: o.principal } : {});
    console.log(o.json === true ? JSON.stringify(r, null, 2) : formatWhoami(r));
    if (!r.mapped) process.exitCode = 1;
  });

const pod = program.command('pod').description("run a pod's AWS calls locally");

clientCommand(pod, 'run', 'run a local command with the environment the pod identity webhook gives a container, AWS endpoints pointed at Gatehouse')
  .requiredOption('-f, --filename <path...>', 'the manifests holding the pod (or a workload with a pod template) and, optionally, its service account')
  .option('-n, --namespace <ns>', 'namespace for objects that name none', 'default')
  .option('--container <name>', 'the container whose environment to use (default: the first)')
  .option('--transparent', "reach AWS's real host names through Gatehouse's HTTPS proxy (HTTPS_PROXY, AWS_CA_BUNDLE) instead of AWS_ENDPOINT_URL")
  .option('--print-env', 'print the environment instead of running a command')
  .option('--json', 'with --print-env: print it as JSON')
  .argument('[command...]', 'the command, after --')
  .action(async (command: string[], o: ClientFlags & { cluster: string; filename: string[]; namespace: string; container?: string; transparent?: boolean; printEnv?: boolean; json?: boolean }) => {
    const { runPod } = await import('./pod-run-command.js');
    if (command.length === 0 && o.printEnv !== true) throw new InvalidArgumentError('give the command to run after --, or --print-env');
    process.exitCode = await runPod({ ...clientOptions(o), files: o.filename, namespace: o.namespace, container: o.container, transparent: o.transparent === true, dataDir: o.data, command, printEnv: o.printEnv === true, json: o.json === true });
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
