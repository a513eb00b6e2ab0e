/**
 * `gatehouse doctor irsa`: the IAM roles for service accounts checklist of the EKS troubleshooting
 * pages, step by step and in their order, each step passed, failed (with the documented fix),
 * skipped (an earlier step failed, or nothing to check) or a gap (a call the credentials may not
 * make, or a cluster whose objects cannot be read from here).
 *
 * AWS is read with read-only calls through `AccountReader`; the cluster's objects through a
 * `KubeReader` (Gatehouse's Kubernetes API; a real cluster's objects need kubectl, and the step
 * says which command to run). The trust policy is evaluated by the policy engine with the
 * service account's token claims as condition keys, as STS evaluates it.
 */
import { parse as parseYaml } from 'yaml';
import { explain, parsePolicy } from '../policy/index.js';
import type { Explanation } from '../policy/index.js';
import { AccountReader, CallFailed } from './account-reader.js';

export type StepStatus = 'pass' | 'fail' | 'skip' | 'gap';

export interface IrsaStep {
  /** Stable identifier of the step (see README: gatehouse doctor irsa). */
  readonly id: IrsaStepId;
  readonly title: string;
  readonly status: StepStatus;
  /** What was found. */
  readonly detail: string;
  /** The documented fix, for a failure. */
  readonly fix?: string;
}

export const IRSA_STEPS = [
  ['cluster-issuer', "The cluster's OIDC issuer"],
  ['oidc-provider', 'An IAM OIDC provider for the issuer'],
  ['oidc-audience', "The provider's audience includes sts.amazonaws.com"],
  ['oidc-thumbprint', "The provider's thumbprint matches the issuer's certificate"],
  ['service-account', 'The service account exists'],
  ['role-arn-annotation', 'The eks.amazonaws.com/role-arn annotation is a well-formed role ARN'],
  ['role-exists', 'The role exists'],
  ['trust-policy', "The role's trust policy lets this service account assume it"],
  ['webhook-configuration', 'The pod identity webhook configuration exists'],
  ['webhook-injection', 'The webhook injects the token and variables into the pod'],
  ['sts-endpoint', 'Regional and global STS endpoints are used consistently'],
  ['sdk-version', 'The AWS SDK supports web identity token files'],
] as const;

export type IrsaStepId = (typeof IRSA_STEPS)[number][0];

/** A Kubernetes object as the objects API returns it. */
export interface KubeObjectLike {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly annotations?: Readonly<Record<string, string>>; readonly labels?: Readonly<Record<string, string>> };
  readonly spec?: Record<string, unknown>;
  readonly data?: Record<string, unknown>;
}

/** How the doctor reads a cluster's objects; undefined for a cluster it cannot reach. */
export interface KubeReader {
  /** Objects of a resource type (`serviceaccounts`, `pods`, `mutatingwebhookconfigurations`, `configmaps`); none when not found. */
  objects(resource: string, namespace?: string, name?: string): Promise<KubeObjectLike[]>;
  /**
   * The pod as the pod identity webhook would admit it into the cluster, computed here from the
   * objects read (the webhook configuration, the service account; the manifest's own objects
   * first). Nothing is sent to the cluster.
   */
  admit(pod: KubeObjectLike, manifests: readonly KubeObjectLike[], namespace: string, clusterVersion: string | undefined): Promise<{ webhook: string; pod: KubeObjectLike }>;
  /** The requests made, for the report (`GET objects?resource=…`). */
  readonly calls: string[];
}

export interface IrsaInput {
  readonly cluster: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The pod manifest (`-f`), as text. */
  readonly pod?: { readonly source: string; readonly text: string };
  readonly sdk?: string;
  readonly sdkVersion?: string;
}

export interface IrsaDeps {
  readonly reader: AccountReader;
  readonly kube: KubeReader | undefined;
  /** The SHA-1 thumbprint (lowercase hex) of the top certificate the issuer's host presents. */
  readonly issuerThumbprint: (issuerHost: string, clusterCaPem: string | undefined) => Promise<string>;
  /** What a user runs to read a real cluster's objects, for gaps (`kubectl …`). */
  readonly target: 'gatehouse' | 'aws';
}

export interface IrsaReport {
  readonly check: 'irsa';
  readonly cluster: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly issuer: string | null;
  readonly providerArn: string | null;
  readonly roleArn: string | null;
  /** Whether no step failed. */
  readonly ok: boolean;
  readonly steps: readonly IrsaStep[];
}

const STS_AUDIENCE = 'sts.amazonaws.com';
const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
const AUDIENCE_ANNOTATION = 'eks.amazonaws.com/audience';
const REGIONAL_ANNOTATION = 'eks.amazonaws.com/sts-regional-endpoints';
const WEBHOOK_NAME = 'pod-identity-webhook';

/** An IAM role ARN as IAM writes it: `arn:<partition>:iam::<12 digits>:role/<path/>name`. */
export const WELL_FORMED_ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/**
 * The minimum SDK versions that assume a role through a web identity token file (EKS User Guide,
 * "Use IRSA with the AWS SDK"). Keys are the names accepted by `--sdk`.
 */
export const SDK_MINIMUM_VERSIONS: Readonly<Record<string, { readonly label: string; readonly minimum: readonly string[] }>> = {
  'java-v2': { label: 'Java (Version 2)', minimum: ['2.10.11'] },
  java: { label: 'Java', minimum: ['1.11.704'] },
  go: { label: 'Go', minimum: ['1.23.13'] },
  boto3: { label: 'Python (Boto3)', minimum: ['1.9.220'] },
  botocore: { label: 'Python (botocore)', minimum: ['1.12.200'] },
  'aws-cli': { label: 'AWS CLI', minimum: ['1.16.232'] },
  node: { label: 'Node', minimum: ['2.525.0', '3.27.0'] },
  ruby: { label: 'Ruby', minimum: ['3.58.0'] },
  cpp: { label: 'C++', minimum: ['1.7.174'] },
  dotnet: { label: '.NET', minimum: ['3.3.659.1'] },
  php: { label: 'PHP', minimum: ['3.110.7'] },
};

const SDK_ALIASES: Readonly<Record<string, string>> = {
  'java2': 'java-v2', 'javav2': 'java-v2', 'java-2': 'java-v2', 'aws-sdk-java-v2': 'java-v2', 'java1': 'java', 'aws-sdk-java': 'java',
  'golang': 'go', 'aws-sdk-go': 'go', 'python': 'boto3', 'awscli': 'aws-cli', 'cli': 'aws-cli', 'javascript': 'node', 'js': 'node', 'nodejs': 'node',
  'aws-sdk-js': 'node', 'aws-sdk-js-v3': 'node', 'c++': 'cpp', '.net': 'dotnet', 'net': 'dotnet', 'aws-sdk-ruby': 'ruby', 'aws-sdk-php': 'php',
};

export function sdkKey(name: string): string | undefined {
  const n = name.trim().toLowerCase();
  return SDK_MINIMUM_VERSIONS[n] !== undefined ? n : SDK_ALIASES[n];
}

function versionParts(v: string): number[] | undefined {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(v.trim());
  return m === null ? undefined : m[1]!.split('.').map(Number);
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether `version` of the SDK meets the table; for Node, each major line has its own minimum. */
export function sdkSupported(key: string, version: string): boolean | undefined {
  const spec = SDK_MINIMUM_VERSIONS[key];
  const v = versionParts(version);
  if (spec === undefined || v === undefined) return undefined;
  const mins = spec.minimum.map((m) => versionParts(m)!);
  const sameMajor = mins.filter((m) => m[0] === v[0]);
  if (sameMajor.length > 0) return sameMajor.some((m) => compareVersions(v, m) >= 0);
  // A major line above every listed minimum is newer; one below all of them is older.
  return mins.some((m) => compareVersions(v, m) >= 0);
}

const issuerHost = (issuer: string): string => issuer.replace(/^https:\/\//, '').replace(/\/+$/, '');

const providerUrlOf = (arn: string): string => arn.slice(arn.indexOf(':oidc-provider/') + ':oidc-provider/'.length);

const roleNameOf = (arn: string): string | undefined => /:role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn)?.[1];

function gapOf(err: unknown): string {
  if (err instanceof CallFailed) {
    const r = err.record;
    return r.outcome === 'denied'
      ? `Gap in the evidence: these credentials may not call ${r.service}:${r.operation} (${r.error ?? 'access denied'}).`
      : `Gap in the evidence: ${r.service}:${r.operation} failed (${r.error ?? 'error'}).`;
  }
  return `Gap in the evidence: ${(err as Error).message}`;
}

function title(id: IrsaStepId): string {
  return IRSA_STEPS.find(([i]) => i === id)![1];
}

type Statement = { Effect?: string; Principal?: unknown; Action?: unknown; Condition?: unknown };

function listOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

function decodeDocument(d: string | undefined): { Statement?: unknown } | undefined {
  if (d === undefined) return undefined;
  try {
    return JSON.parse(d.trimStart().startsWith('{') ? d : decodeURIComponent(d)) as { Statement?: unknown };
  } catch {
    return undefined;
  }
}

/** The env of a pod's containers and its volumes, from a stored (already admitted) pod or a `kubectl get pod -o yaml` dump. */
function podInjection(pod: KubeObjectLike): { env: Map<string, string>; volume: boolean } {
  const spec = (pod.spec ?? {}) as { containers?: { env?: { name?: string; value?: string }[] }[]; volumes?: { name?: string }[] };
  const env = new Map<string, string>();
  for (const e of spec.containers?.[0]?.env ?? []) if (typeof e.name === 'string') env.set(e.name, e.value ?? '');
  return { env, volume: (spec.volumes ?? []).some((v) => v.name === 'aws-iam-token') };
}

/** Runs every step in order. */
export async function runIrsaChecklist(input: IrsaInput, deps: IrsaDeps): Promise<IrsaReport> {
  const steps: IrsaStep[] = [];
  const add = (id: IrsaStepId, status: StepStatus, detail: string, fix?: string): void => {
    steps.push({ id, title: title(id), status, detail, ...(fix !== undefined && status === 'fail' ? { fix } : {}) });
  };
  const { reader, kube } = deps;
  const { cluster, namespace: ns, serviceAccount: sa } = input;
  const subject = `system:serviceaccount:${ns}:${sa}`;
  const kubectlGap = (cmd: string): string => `Gap in the evidence: the objects of a cluster outside Gatehouse are read with kubectl; run: ${cmd}`;

  // 1. The cluster's issuer.
  let issuer: string | undefined;
  let clusterVersion: string | undefined;
  let clusterCaPem: string | undefined;
  try {
    const c = await reader.call<{ cluster?: { identity?: { oidc?: { issuer?: string } }; version?: string; certificateAuthority?: { data?: string } } }>('eks', 'DescribeCluster', { name: cluster });
    issuer = c.cluster?.identity?.oidc?.issuer;
    clusterVersion = c.cluster?.version;
    const ca = c.cluster?.certificateAuthority?.data;
    if (ca !== undefined && ca !== '') clusterCaPem = Buffer.from(ca, 'base64').toString('utf8');
    if (issuer === undefined || issuer === '') add('cluster-issuer', 'fail', `The cluster ${cluster} has no OIDC issuer.`, 'Every EKS cluster has an OIDC issuer URL: check the cluster name and region (aws eks describe-cluster --name <cluster> --query "cluster.identity.oidc.issuer").');
    else add('cluster-issuer', 'pass', `The cluster ${cluster}'s OIDC issuer is ${issuer}.`);
  } catch (err) {
    if (err instanceof CallFailed && err.record.outcome === 'not-found') {
      add('cluster-issuer', 'fail', `No cluster ${cluster}: ${err.record.error ?? ''}`, 'Check the cluster name and --region.');
    } else add('cluster-issuer', 'gap', gapOf(err));
  }

  // 2-4. The IAM OIDC provider: exists for the issuer, audience, thumbprint.
  let providerArn: string | undefined;
  let provider: { ClientIDList?: string[]; ThumbprintList?: string[] } | undefined;
  if (issuer === undefined) {
    for (const id of ['oidc-provider', 'oidc-audience', 'oidc-thumbprint'] as const) add(id, 'skip', 'The cluster\'s issuer is not known.');
  } else {
    const host = issuerHost(issuer);
    try {
      const list = await reader.call<{ OpenIDConnectProviderList?: { Arn?: string }[] }>('iam', 'ListOpenIDConnectProviders');
      const arns = (list.OpenIDConnectProviderList ?? []).map((p) => p.Arn ?? '').filter((a) => a !== '');
      providerArn = arns.find((a) => providerUrlOf(a).toLowerCase() === host.toLowerCase());
      if (providerArn === undefined) {
        add(
          'oidc-provider',
          'fail',
          `No IAM OIDC provider in the account has the URL ${issuer} (providers: ${arns.map(providerUrlOf).join(', ') || 'none'}). AssumeRoleWithWebIdentity answers: No OpenIDConnect provider found in your account for ${issuer}`,
          `Create an IAM OIDC provider for the cluster: eksctl utils associate-iam-oidc-provider --cluster ${cluster} --approve (or aws iam create-open-id-connect-provider --url ${issuer} --client-id-list ${STS_AUDIENCE} --thumbprint-list <root CA thumbprint>).`,
        );
      } else add('oidc-provider', 'pass', `${providerArn} matches the issuer.`);
    } catch (err) {
      add('oidc-provider', 'gap', gapOf(err));
    }
    if (providerArn === undefined) {
      add('oidc-audience', 'skip', 'No IAM OIDC provider for the issuer.');
      add('oidc-thumbprint', 'skip', 'No IAM OIDC provider for the issuer.');
    } else {
      try {
        provider = await reader.call('iam', 'GetOpenIDConnectProvider', { OpenIDConnectProviderArn: providerArn });
      } catch (err) {
        add('oidc-audience', 'gap', gapOf(err));
        add('oidc-thumbprint', 'gap', gapOf(err));
      }
      if (provider !== undefined) {
        const ids = provider.ClientIDList ?? [];
        if (ids.includes(STS_AUDIENCE)) add('oidc-audience', 'pass', `Client IDs: ${ids.join(', ')}.`);
        else {
          add(
            'oidc-audience',
            'fail',
            `The provider's client IDs are ${ids.join(', ') || '(none)'}, without ${STS_AUDIENCE}. AssumeRoleWithWebIdentity answers: Incorrect token audience`,
            `Add the audience: aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${providerArn} --client-id ${STS_AUDIENCE} (console: IAM, Identity providers, the provider, Actions, Add audience).`,
          );
        }
        const configured = (provider.ThumbprintList ?? []).map((t) => t.toLowerCase());
        const howToCheck =
          `For a cluster on AWS, get the root certificate's thumbprint with: echo | openssl s_client -servername ${host.split('/')[0]!} -showcerts -connect ${host.split('/')[0]!}:443 2>/dev/null | awk '/-----BEGIN CERTIFICATE-----/{cert=""} {cert=cert $0 "\\n"} /-----END CERTIFICATE-----/{last_cert=cert} END{printf "%s", last_cert}' | openssl x509 -fingerprint -noout -dates | sed 's/://g' | awk -F= '{print tolower($2)}'`;
        try {
          const presented = (await deps.issuerThumbprint(host.split('/')[0]!, clusterCaPem)).toLowerCase();
          if (configured.includes(presented)) add('oidc-thumbprint', 'pass', `The issuer presents a chain whose top certificate has the thumbprint ${presented}, one of the provider's (${configured.join(', ')}).`);
          else {
            add(
              'oidc-thumbprint',
              'fail',
              `The issuer's certificate chain ends in a certificate with thumbprint ${presented}; the provider is configured with ${configured.join(', ') || '(none)'}. AssumeRoleWithWebIdentity answers: OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint`,
              `Use the root certificate's thumbprint: aws iam update-open-id-connect-provider-thumbprint --open-id-connect-provider-arn ${providerArn} --thumbprint-list ${presented}. ${deps.target === 'gatehouse' ? 'For a Gatehouse cluster the root is Gatehouse\'s certificate authority.' : howToCheck}`,
            );
          }
        } catch (err) {
          add('oidc-thumbprint', 'gap', `Gap in the evidence: the issuer's certificate could not be read (${(err as Error).message}); configured: ${configured.join(', ') || '(none)'}. ${howToCheck}`);
        }
      }
    }
  }

  // 5-6. The service account and its annotation.
  let account: KubeObjectLike | undefined;
  let roleArn: string | undefined;
  if (kube === undefined) {
    add('service-account', 'gap', kubectlGap(`kubectl get serviceaccount ${sa} -n ${ns} -o yaml`));
    add('role-arn-annotation', 'skip', 'The service account could not be read.');
  } else {
    try {
      account = (await kube.objects('serviceaccounts', ns, sa))[0];
      if (account === undefined) {
        add('service-account', 'fail', `No service account ${sa} in namespace ${ns}.`, `Create the service account (kubectl create serviceaccount ${sa} -n ${ns}) with the annotation ${ROLE_ARN_ANNOTATION}: arn:aws:iam::<account>:role/<role>, and name it in the pod's serviceAccountName.`);
      } else add('service-account', 'pass', `serviceaccount/${sa} exists in namespace ${ns}.`);
    } catch (err) {
      add('service-account', 'gap', gapOf(err));
    }
    if (account === undefined) add('role-arn-annotation', 'skip', 'No service account.');
    else {
      roleArn = account.metadata?.annotations?.[ROLE_ARN_ANNOTATION];
      if (roleArn === undefined) {
        add('role-arn-annotation', 'fail', `The service account has no ${ROLE_ARN_ANNOTATION} annotation: the webhook leaves its pods alone.`, `kubectl annotate serviceaccount -n ${ns} ${sa} ${ROLE_ARN_ANNOTATION}=arn:aws:iam::<account>:role/<role>`);
      } else if (!WELL_FORMED_ROLE_ARN.test(roleArn)) {
        add(
          'role-arn-annotation',
          'fail',
          `The annotation's value ${roleArn} is not a well-formed role ARN. AssumeRoleWithWebIdentity answers: ValidationError: Request ARN is invalid`,
          `Write the ARN as IAM does: arn:aws:iam::<12-digit account>:role/<name> (for example arn:aws:iam::123456789012:role/example, no extra colon), then recreate the pods.`,
        );
      } else add('role-arn-annotation', 'pass', `${ROLE_ARN_ANNOTATION}: ${roleArn}`);
    }
  }

  // 7. The role exists.
  let trustDocument: string | undefined;
  let actualRoleArn: string | undefined;
  if (roleArn === undefined || !WELL_FORMED_ROLE_ARN.test(roleArn)) add('role-exists', 'skip', 'No well-formed role ARN to look up.');
  else {
    try {
      const r = await reader.call<{ Role?: { Arn?: string; AssumeRolePolicyDocument?: string } }>('iam', 'GetRole', { RoleName: roleNameOf(roleArn) });
      actualRoleArn = r.Role?.Arn;
      if (actualRoleArn !== undefined && actualRoleArn !== roleArn) {
        add('role-exists', 'fail', `No role ${roleArn}: the role of that name is ${actualRoleArn} (the account, the path or the case differ).`, `Annotate the service account with ${actualRoleArn}.`);
      } else {
        trustDocument = r.Role?.AssumeRolePolicyDocument;
        add('role-exists', 'pass', `The role ${roleArn} exists.`);
      }
    } catch (err) {
      if (err instanceof CallFailed && err.record.outcome === 'not-found') {
        add('role-exists', 'fail', `The role ${roleArn} does not exist in the account. AssumeRoleWithWebIdentity answers: Not authorized to perform sts:AssumeRoleWithWebIdentity`, 'Create the role (with a trust policy for this service account) or annotate the service account with an existing role.');
      } else add('role-exists', 'gap', gapOf(err));
    }
  }

  // 8. The trust policy, evaluated.
  const audience = account?.metadata?.annotations?.[AUDIENCE_ANNOTATION] ?? STS_AUDIENCE;
  if (trustDocument === undefined || issuer === undefined) add('trust-policy', 'skip', trustDocument === undefined ? 'No role to read the trust policy of.' : 'The cluster\'s issuer is not known.');
  else add('trust-policy', ...trustStep(trustDocument, roleArn!, issuer, providerArn, subject, audience));

  // 9-10. The webhook: configured and injecting.
  if (kube === undefined) {
    add('webhook-configuration', 'gap', kubectlGap(`kubectl get mutatingwebhookconfiguration ${WEBHOOK_NAME} -o yaml`));
  } else {
    try {
      const w = (await kube.objects('mutatingwebhookconfigurations', undefined, WEBHOOK_NAME))[0];
      if (w === undefined) {
        add('webhook-configuration', 'fail', `No MutatingWebhookConfiguration ${WEBHOOK_NAME}: no pod gets the token or the variables.`, `Recreate it as the troubleshooting guide shows (name ${WEBHOOK_NAME}, webhook iam-for-pods.amazonaws.com, url https://127.0.0.1:23443/mutate, caBundle the cluster's certificateAuthority.data, rules CREATE pods v1, failurePolicy Ignore).`);
      } else add('webhook-configuration', 'pass', `mutatingwebhookconfiguration/${WEBHOOK_NAME} exists.`);
    } catch (err) {
      add('webhook-configuration', 'gap', gapOf(err));
    }
  }
  const injection = await injectionStep(input, deps, subject, clusterVersion);
  const podEnv = injection.env;
  add('webhook-injection', injection.status, injection.detail, injection.fix);

  // 11. Regional and global STS.
  add('sts-endpoint', ...stsStep(account, podEnv, clusterVersion, deps.target));

  // 12. The SDK.
  if (input.sdk === undefined || input.sdkVersion === undefined) add('sdk-version', 'skip', 'Give --sdk and --sdk-version to check the SDK against the EKS guide\'s minimum versions.');
  else {
    const key = sdkKey(input.sdk);
    const ok = key !== undefined ? sdkSupported(key, input.sdkVersion) : undefined;
    if (key === undefined || ok === undefined) {
      add('sdk-version', 'skip', `Unknown SDK or version ${input.sdk} ${input.sdkVersion}; the table names: ${Object.keys(SDK_MINIMUM_VERSIONS).join(', ')}.`);
    } else {
      const spec = SDK_MINIMUM_VERSIONS[key]!;
      if (ok) add('sdk-version', 'pass', `${spec.label} ${input.sdkVersion} is at least ${spec.minimum.join(' / ')}.`);
      else add('sdk-version', 'fail', `${spec.label} ${input.sdkVersion} is older than ${spec.minimum.join(' / ')}: it cannot assume a role with the web identity token file, and falls back to the node's role.`, `Upgrade to ${spec.label} ${spec.minimum.join(' / ')} or later${key === 'dotnet' ? ', and include AWSSDK.SecurityToken' : ''}.`);
    }
  }

  return {
    check: 'irsa',
    cluster,
    namespace: ns,
    serviceAccount: sa,
    issuer: issuer ?? null,
    providerArn: providerArn ?? null,
    roleArn: roleArn ?? null,
    ok: steps.every((s) => s.status !== 'fail'),
    steps,
  };
}

type StepOutcome = [StepStatus, string, string?];

/** The trust policy: its shape, then the engine's decision for this service account's token. */
function trustStep(document: string, roleArn: string, issuer: string, providerArn: string | undefined, subject: string, audience: string): StepOutcome {
  const host = issuerHost(issuer);
  const wantProvider = providerArn ?? `arn:aws:iam::${/::(\d{12}):/.exec(roleArn)?.[1] ?? '<account>'}:oidc-provider/${host}`;
  const example = JSON.stringify({
    Effect: 'Allow',
    Principal: { Federated: wantProvider },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${host}:sub`]: subject, [`${host}:aud`]: audience } },
  });
  const fix = `Give the role a trust policy statement like: ${example} (aws iam update-assume-role-policy).`;
  const doc = decodeDocument(document);
  const s = doc?.Statement;
  const statements = (Array.isArray(s) ? s : s !== undefined ? [s] : []) as Statement[];
  const allows = statements.filter((x) => x.Effect === 'Allow');
  const federated = allows.flatMap((x) => listOf((x.Principal as { Federated?: unknown } | undefined)?.Federated));
  if (!federated.some((f) => f === wantProvider)) {
    return ['fail', `No Allow statement names Principal.Federated ${wantProvider} (it names: ${federated.join(', ') || 'no Federated principal'}). AssumeRoleWithWebIdentity answers: Not authorized to perform sts:AssumeRoleWithWebIdentity`, fix];
  }
  const forProvider = allows.filter((x) => listOf((x.Principal as { Federated?: unknown } | undefined)?.Federated).includes(wantProvider));
  if (!forProvider.some((x) => listOf(x.Action).some((a) => /^(?:sts:AssumeRoleWithWebIdentity|sts:\*|\*)$/i.test(a)))) {
    return ['fail', `The statement for ${wantProvider} allows ${forProvider.flatMap((x) => listOf(x.Action)).join(', ') || 'no action'}, not sts:AssumeRoleWithWebIdentity.`, fix];
  }
  const text = document.trimStart().startsWith('{') ? document : decodeURIComponent(document);
  const parsed = parsePolicy(text, 'trust', `${roleArn} trust policy`);
  if (!parsed.ok) return ['fail', `The trust policy is not valid: ${parsed.error.message}`, fix];
  const e: Explanation = explain(
    { trust: parsed.policy },
    {
      principal: { type: 'anonymous', arn: wantProvider, federatedProvider: wantProvider },
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: roleArn,
      resourceAccount: /::(\d{12}):/.exec(roleArn)?.[1],
      context: { [`${host}:sub`]: subject, [`${host}:aud`]: audience, [`${host}:amr`]: [], 'aws:FederatedProvider': wantProvider },
    },
  );
  if (e.decision === 'Allow') return ['pass', `The engine allows ${subject} (audience ${audience}) through ${wantProvider}.`];
  const failing = e.policies
    .flatMap((p) => p.statements)
    .filter((st) => st.effect === 'Allow' && st.principal?.matched !== false && st.action.matched)
    .flatMap((st) => st.conditions.filter((c) => !c.matched).map((c) => `${c.operator} ${c.key}: the policy has ${c.policyValues.join(', ') || '(nothing)'}, the token has ${c.requestValues?.join(', ') ?? '(no such claim)'}`));
  return [
    'fail',
    `The trust policy does not allow ${subject} (${e.decision}${failing.length > 0 ? `; ${failing.join('; ')}` : ''}). AssumeRoleWithWebIdentity answers: Not authorized to perform sts:AssumeRoleWithWebIdentity`,
    `The conditions must test ${host}:sub against ${subject} and ${host}:aud against ${audience}. ${fix}`,
  ];
}

async function injectionStep(input: IrsaInput, deps: IrsaDeps, subject: string, clusterVersion: string | undefined): Promise<{ status: StepStatus; detail: string; fix?: string; env?: Map<string, string> }> {
  const { kube } = deps;
  const ns = input.namespace;
  const fix = `Recreate the pod after fixing the webhook configuration and the annotation: the webhook mutates pods only when they are created (kubectl delete pod <pod> -n ${ns}; the controller makes a new one).`;
  const judge = (label: string, env: Map<string, string>, volume: boolean): { status: StepStatus; detail: string; fix?: string; env: Map<string, string> } => {
    const missing = ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'].filter((v) => !env.has(v));
    if (missing.length === 0 && volume) return { status: 'pass', detail: `${label} has AWS_ROLE_ARN=${env.get('AWS_ROLE_ARN') ?? ''}, AWS_WEB_IDENTITY_TOKEN_FILE and the aws-iam-token volume.`, env };
    return { status: 'fail', detail: `${label} lacks ${[...missing, ...(volume ? [] : ['the aws-iam-token volume'])].join(', ')}: the SDK finds no web identity token and uses the node's role.`, fix, env };
  };
  if (input.pod !== undefined) {
    let docs: KubeObjectLike[];
    try {
      docs = input.pod.text.split(/^---\s*$/m).map((t) => parseYaml(t) as KubeObjectLike).filter((d) => d !== null && typeof d === 'object');
    } catch (err) {
      return { status: 'fail', detail: `${input.pod.source} is not YAML: ${(err as Error).message}`, fix: 'Give the pod manifest (or kubectl get pod <pod> -o yaml) with -f.' };
    }
    const pod = docs.find((d) => d.kind === 'Pod');
    const { env, volume } = pod !== undefined ? podInjection(pod) : { env: new Map<string, string>(), volume: false };
    if (env.has('AWS_WEB_IDENTITY_TOKEN_FILE') || volume) return judge(`The pod of ${input.pod.source}`, env, volume);
    if (kube === undefined) {
      return { status: 'gap', detail: `${input.pod.source} is a manifest the webhook has not admitted yet; for a cluster outside Gatehouse, give kubectl get pod <pod> -n ${ns} -o yaml instead, or run: kubectl get pod <pod> -n ${ns} -o yaml | grep AWS_WEB_IDENTITY_TOKEN_FILE` };
    }
    if (pod === undefined) return { status: 'fail', detail: `${input.pod.source} has no Pod.`, fix: 'Give the pod manifest (or kubectl get pod <pod> -o yaml) with -f.' };
    try {
      const r = await kube.admit(pod, docs.filter((d) => d !== pod), ns, clusterVersion);
      const after = podInjection(r.pod);
      if (r.webhook === 'mutated') return judge(`The pod of ${input.pod.source}, as the webhook admits it,`, after.env, after.volume);
      const why: Record<string, string> = {
        webhookMissing: `the MutatingWebhookConfiguration ${WEBHOOK_NAME} does not exist`,
        notSelected: `the ${WEBHOOK_NAME} configuration does not select this pod (the eks.amazonaws.com/skip-pod-identity-webhook label)`,
        notMutated: `its service account has no ${ROLE_ARN_ANNOTATION} annotation`,
      };
      return { status: 'fail', detail: `The webhook would not mutate the pod of ${input.pod.source}: ${why[r.webhook] ?? r.webhook}.`, fix, env: after.env };
    } catch (err) {
      return { status: 'gap', detail: gapOf(err) };
    }
  }
  if (kube === undefined) return { status: 'gap', detail: `Gap in the evidence: run kubectl get pod <pod> -n ${ns} -o yaml | grep AWS_WEB_IDENTITY_TOKEN_FILE, or give the pod with -f.` };
  try {
    const pods = (await kube.objects('pods', ns)).filter((p) => ((p.spec?.serviceAccountName as string | undefined) ?? 'default') === input.serviceAccount);
    if (pods.length === 0) return { status: 'skip', detail: `No pod of namespace ${ns} runs as ${subject}; give the pod manifest with -f to see what the webhook makes of it.` };
    const pod = pods[0]!;
    const { env, volume } = podInjection(pod);
    return judge(`pod/${pod.metadata?.name ?? ''}`, env, volume);
  } catch (err) {
    return { status: 'gap', detail: gapOf(err) };
  }
}

/** Regional or global STS: the annotation, the pod's variable, and an explicit endpoint in the container's environment. */
function stsStep(account: KubeObjectLike | undefined, env: Map<string, string> | undefined, clusterVersion: string | undefined, target: 'gatehouse' | 'aws'): StepOutcome {
  const annotation = account?.metadata?.annotations?.[REGIONAL_ANNOTATION];
  if (env === undefined) {
    return ['skip', `No pod environment to compare${annotation !== undefined ? ` with the annotation ${REGIONAL_ANNOTATION}: ${annotation}` : ''}.${target === 'aws' ? ' Run kubectl exec <pod> -- env | grep AWS_STS_REGIONAL_ENDPOINTS.' : ''}`];
  }
  const podMode = env.get('AWS_STS_REGIONAL_ENDPOINTS');
  const explicit = [env.get('AWS_ENDPOINT_URL_STS'), env.get('AWS_ENDPOINT_URL')].find((u) => u !== undefined && /^https?:\/\/sts\.amazonaws\.com(?::443)?\/?$/i.test(u));
  const versionNote = clusterVersion !== undefined ? ` (Kubernetes ${clusterVersion})` : '';
  const wantsRegional = annotation !== undefined ? annotation.toLowerCase() === 'true' : true;
  if (annotation !== undefined && wantsRegional !== (podMode === 'regional')) {
    return [
      'fail',
      `The service account's ${REGIONAL_ANNOTATION} is ${annotation}, but the pod has AWS_STS_REGIONAL_ENDPOINTS=${podMode ?? '(unset)'}: the pod was created before the annotation changed.`,
      'Restart the pods (kubectl delete pod, or kubectl rollout restart for a deployment): the webhook sets the variable when it creates a pod.',
    ];
  }
  if (explicit !== undefined && podMode === 'regional') {
    return [
      'fail',
      `The pod uses the regional STS endpoint (AWS_STS_REGIONAL_ENDPOINTS=regional${versionNote}) but its environment names the global endpoint ${explicit}: calls there fail with SignatureDoesNotMatch: Credential should be scoped to a valid region.`,
      'Remove explicit calls to the global STS endpoint, or call a regional endpoint such as https://sts.<region>.amazonaws.com, or configure the service account to use the global endpoint (kubectl annotate serviceaccount <sa> eks.amazonaws.com/sts-regional-endpoints=false, then restart the pods).',
    ];
  }
  return [
    'pass',
    `The pod uses the ${podMode === 'regional' ? 'regional' : 'global'} STS endpoint (AWS_STS_REGIONAL_ENDPOINTS=${podMode ?? '(unset)'}${annotation !== undefined ? `, annotation ${annotation}` : ''}); no global endpoint in its environment. An endpoint written into the application's code cannot be seen from here.`,
  ];
}

/** The read-only calls `doctor irsa` makes, in order, for `--explain-calls`. */
export const IRSA_PLANNED_CALLS: Readonly<Record<IrsaStepId, readonly string[]>> = {
  'cluster-issuer': ['eks:DescribeCluster'],
  'oidc-provider': ['iam:ListOpenIDConnectProviders'],
  'oidc-audience': ['iam:GetOpenIDConnectProvider'],
  'oidc-thumbprint': ["a TLS handshake with the issuer's host (its certificate chain; no request is sent)"],
  'service-account': ['Kubernetes: GET serviceaccounts/<name> in the namespace (Gatehouse: /_gatehouse/k8s/clusters/<cluster>/objects; a real cluster: kubectl)'],
  'role-arn-annotation': [],
  'role-exists': ['iam:GetRole'],
  'trust-policy': ['none (the policy engine evaluates the trust policy GetRole returned)'],
  'webhook-configuration': ['Kubernetes: GET mutatingwebhookconfigurations/pod-identity-webhook'],
  'webhook-injection': ['Kubernetes: GET pods in the namespace (with -f: none; the webhook\'s mutation is computed here from the configuration and service account read)'],
  'sts-endpoint': [],
  'sdk-version': [],
};

const MARK: Record<StepStatus, string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP', gap: 'GAP ' };

export function formatIrsaReport(r: IrsaReport): string {
  const lines = [`IRSA checklist for system:serviceaccount:${r.namespace}:${r.serviceAccount} in cluster ${r.cluster}`];
  r.steps.forEach((s, i) => {
    lines.push(`${String(i + 1).padStart(2)}. ${MARK[s.status]}  ${s.title}`, `          ${s.detail}`);
    if (s.fix !== undefined) lines.push(`          Fix: ${s.fix}`);
  });
  const failed = r.steps.filter((s) => s.status === 'fail');
  lines.push(failed.length === 0 ? 'No step failed.' : `${failed.length} step(s) failed: ${failed.map((s) => s.id).join(', ')}.`);
  return lines.join('\n');
}
