/**
 * `gatehouse pod run --cluster C -f pod.yaml [--container NAME] -- <command>`: runs a local
 * command with the environment the pod identity webhook gives the container — its literal
 * variables, with the token file written to a private temporary directory — and AWS reached
 * through Gatehouse: `AWS_ENDPOINT_URL` (default), or with `--transparent` Gatehouse's HTTPS proxy
 * for AWS's real host names (`HTTPS_PROXY`, `AWS_CA_BUNDLE`), so the regional/global STS choice
 * of the pod stays visible. For EKS Pod Identity, `AWS_CONTAINER_CREDENTIALS_FULL_URI` points at
 * Gatehouse's stand-in for the Pod Identity Agent.
 *
 * The local machine's own AWS configuration is hidden (credentials variables, profiles, shared
 * files, the instance metadata service), as a pod has none of it.
 *
 * `--print-env --json` prints `{ pod, container, identity, webhook, env: { NAME: value }, tokenFile,
 * unresolved: [NAME] }`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { k8sCall, readManifestFiles, type K8sClientOptions } from './k8s-command.js';
import type { PodEnvironment } from '../kubernetes/pod-environment.js';

export interface PodRunOptions extends K8sClientOptions {
  readonly files: readonly string[];
  readonly namespace: string;
  readonly container: string | undefined;
  readonly transparent: boolean;
  readonly dataDir: string;
  readonly command: readonly string[];
  readonly printEnv: boolean;
  readonly json: boolean;
}

/** Variables of the local machine that would give the command credentials a pod does not have. */
const HIDDEN = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_STS_REGIONAL_ENDPOINTS',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_IAM',
  'AWS_CA_BUNDLE',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
];

/** The agent path Gatehouse serves for a cluster's Pod Identity credentials. */
export function podIdentityAgentUrl(endpoint: string, accountId: string, region: string, cluster: string): string {
  return `${endpoint}/_gatehouse/k8s/${accountId}/${encodeURIComponent(region)}/${encodeURIComponent(cluster)}/pod-identity/v1/credentials`;
}

export interface PreparedRun {
  readonly env: Record<string, string>;
  /** What the container itself sees (the webhook's variables, token file rewritten). */
  readonly podEnv: Record<string, string>;
  readonly tokenFile?: string;
  readonly cleanup: () => void;
}

/** The environment of the run and its temporary token file. */
export function prepareRun(
  o: Pick<PodRunOptions, 'endpoint' | 'transparent' | 'dataDir' | 'region' | 'cluster'>,
  pe: PodEnvironment,
  accountId: string,
  caFile: string | undefined,
  base: NodeJS.ProcessEnv = process.env,
): PreparedRun {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-pod-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  const podEnv: Record<string, string> = {};
  for (const e of pe.env) podEnv[e.name] = e.value;
  let tokenFile: string | undefined;
  if (pe.token !== undefined) {
    tokenFile = join(dir, pe.token.variable === 'AWS_WEB_IDENTITY_TOKEN_FILE' ? 'token' : 'eks-pod-identity-token');
    writeFileSync(tokenFile, pe.token.value, { mode: 0o600 });
    podEnv[pe.token.variable] = tokenFile;
  }
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !HIDDEN.includes(k)) env[k] = v;
  // No profiles, no shared files, no instance metadata: a pod has none of the local machine's.
  env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'no-credentials');
  env.AWS_CONFIG_FILE = join(dir, 'no-config');
  env.AWS_EC2_METADATA_DISABLED = 'true';
  Object.assign(env, podEnv);
  if (podEnv.AWS_CONTAINER_CREDENTIALS_FULL_URI !== undefined) {
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI = podIdentityAgentUrl(o.endpoint, accountId, o.region, o.cluster);
  }
  if (o.transparent) {
    const ca = caFile ?? '';
    if (!existsSync(ca)) {
      cleanup();
      throw new Error(`--transparent needs Gatehouse's certificate authority (${ca}); pass --data with the server's data directory`);
    }
    env.HTTPS_PROXY = o.endpoint;
    env.https_proxy = o.endpoint;
    env.AWS_CA_BUNDLE = ca;
    env.NO_PROXY = '127.0.0.1,localhost';
  } else {
    env.AWS_ENDPOINT_URL = o.endpoint;
  }
  return { env, podEnv, ...(tokenFile !== undefined ? { tokenFile } : {}), cleanup };
}

export async function runPod(o: PodRunOptions): Promise<number> {
  const pe = await k8sCall<PodEnvironment & { accountId: string }>(o, 'pod-environment', {
    documents: readManifestFiles(o.files),
    namespace: o.namespace,
    ...(o.container !== undefined ? { container: o.container } : {}),
  });
  // The certificate code loads only for the transparent mode.
  const caFile = o.transparent ? (await import('../server/tls/ca-files.js')).caCertPath(resolve(o.dataDir)) : undefined;
  const run = prepareRun(o, pe, pe.accountId, caFile);
  try {
    if (pe.identity === 'none') {
      const why: Record<string, string> = {
        webhookMissing: 'the MutatingWebhookConfiguration pod-identity-webhook does not exist in the cluster',
        notSelected: 'the pod-identity-webhook configuration does not select the pod',
        notMutated: `service account ${pe.pod.namespace}/${pe.pod.serviceAccount} has no eks.amazonaws.com/role-arn annotation and no pod identity association`,
      };
      console.error(`gatehouse: the pod identity webhook left ${pe.pod.owner} alone: ${why[pe.webhook] ?? pe.webhook}`);
    }
    for (const name of pe.unresolved) console.error(`gatehouse: ${name} comes from valueFrom, which is not resolved; it is not set`);
    if (o.printEnv) {
      if (o.json) {
        console.log(JSON.stringify({ pod: pe.pod, container: pe.container, identity: pe.identity, webhook: pe.webhook, env: run.podEnv, tokenFile: run.tokenFile ?? null, unresolved: pe.unresolved }, null, 2));
      } else {
        for (const [k, v] of Object.entries(run.podEnv)) console.log(`${k}=${v}`);
      }
      return 0;
    }
    const [cmd, ...args] = o.command;
    return await new Promise<number>((done, fail) => {
      const child = spawn(cmd ?? '', args, { env: run.env, stdio: 'inherit' });
      child.on('error', fail);
      child.on('exit', (code, signal) => done(code ?? (signal !== null ? 128 : 1)));
    });
  } finally {
    run.cleanup();
  }
}
