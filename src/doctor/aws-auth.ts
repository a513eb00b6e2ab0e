/**
 * `gatehouse doctor aws-auth`: how an AWS principal maps into an EKS cluster, or why it does not —
 * the cluster's authentication mode, access entries (which take precedence over the aws-auth
 * ConfigMap), the ConfigMap's entries (the role-path rule, case), and whether the identity it gets
 * is allowed anything (access policies, RBAC bindings).
 *
 * The mapping itself is the Kubernetes side's (`whoami`, as the cluster's authenticator resolves
 * it); the doctor adds the evidence around it: DescribeCluster, ListAccessEntries,
 * ListAssociatedAccessPolicies, and the ConfigMap and bindings from the cluster's objects.
 */
import { parse as parseYaml } from 'yaml';
import { AccountReader, CallFailed } from './account-reader.js';
import type { KubeObjectLike, StepStatus } from './irsa.js';

export interface AwsAuthFinding {
  readonly id: AwsAuthFindingId;
  readonly status: StepStatus;
  readonly detail: string;
  readonly fix?: string;
}

export type AwsAuthFindingId = 'authentication-mode' | 'access-entry' | 'aws-auth-entry' | 'mapping' | 'permissions';

/** The Kubernetes side's answer to `whoami` (see gatehouse k8s whoami --json). */
export interface WhoamiAnswer {
  readonly principal: { readonly arn: string; readonly canonicalArn: string };
  readonly authenticationMode: string;
  readonly mapped: boolean;
  readonly username?: string;
  readonly groups?: readonly string[];
  readonly via?: { readonly via: string; readonly accessEntryArn?: string; readonly accessPolicies?: readonly unknown[] };
  readonly reason?: string;
  readonly notes?: readonly string[];
}

export interface AwsAuthKube {
  whoami(principal: string): Promise<WhoamiAnswer>;
  objects(resource: string, namespace?: string, name?: string): Promise<KubeObjectLike[]>;
}

export interface AwsAuthReport {
  readonly check: 'aws-auth';
  readonly cluster: string;
  readonly principal: string;
  readonly canonicalArn: string | null;
  readonly authenticationMode: string | null;
  readonly mapped: boolean | null;
  readonly username: string | null;
  readonly groups: readonly string[];
  readonly ok: boolean;
  readonly findings: readonly AwsAuthFinding[];
}

interface MapEntry {
  readonly arn: string;
  readonly kind: 'mapRoles' | 'mapUsers';
  readonly username?: string;
  readonly groups: readonly string[];
}

/** A role's path removed, as the authenticator compares ARNs: `arn:aws:iam::1:role/a/b/name` → `…:role/name`. */
export function withoutRolePath(arn: string): string {
  const m = /^(arn:[^:]+:iam::\d{12}:role\/)(?:[^/]+\/)+([^/]+)$/.exec(arn);
  return m === null ? arn : `${m[1]!}${m[2]!}`;
}

/** The canonical ARN of a principal: an assumed-role session becomes its role (without path). */
export function canonicalPrincipal(arn: string): string {
  const s = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return s !== null ? `arn:${s[1]!}:iam::${s[2]!}:role/${s[3]!}` : withoutRolePath(arn);
}

function entriesOf(cm: KubeObjectLike | undefined): { entries: MapEntry[]; problems: string[] } {
  const entries: MapEntry[] = [];
  const problems: string[] = [];
  if (cm === undefined) return { entries, problems };
  for (const [key, field] of [['mapRoles', 'rolearn'], ['mapUsers', 'userarn']] as const) {
    const raw = cm.data?.[key];
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    let list: unknown;
    try {
      list = parseYaml(raw);
    } catch (err) {
      problems.push(`${key} is not YAML: ${(err as Error).message}`);
      continue;
    }
    if (!Array.isArray(list)) {
      problems.push(`${key} is not a list`);
      continue;
    }
    for (const e of list as Record<string, unknown>[]) {
      const arn = e?.[field];
      if (typeof arn !== 'string') continue;
      entries.push({ arn, kind: key, ...(typeof e.username === 'string' ? { username: e.username } : {}), groups: Array.isArray(e.groups) ? e.groups.map(String) : [] });
    }
  }
  return { entries, problems };
}

function gapOf(err: unknown): string {
  if (err instanceof CallFailed) {
    const r = err.record;
    return r.outcome === 'denied' ? `Gap in the evidence: these credentials may not call ${r.service}:${r.operation} (${r.error ?? 'access denied'}).` : `Gap in the evidence: ${r.service}:${r.operation} failed (${r.error ?? 'error'}).`;
  }
  return `Gap in the evidence: ${(err as Error).message}`;
}

const ACCESS_ENTRY_FIX = (cluster: string, arn: string): string =>
  `aws eks create-access-entry --cluster-name ${cluster} --principal-arn ${arn} && aws eks associate-access-policy --cluster-name ${cluster} --principal-arn ${arn} --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy --access-scope type=cluster`;

export async function runAwsAuthCheck(cluster: string, principal: string | undefined, reader: AccountReader, kube: AwsAuthKube | undefined): Promise<AwsAuthReport> {
  const findings: AwsAuthFinding[] = [];
  const add = (id: AwsAuthFindingId, status: StepStatus, detail: string, fix?: string): void => {
    findings.push({ id, status, detail, ...(fix !== undefined && status === 'fail' ? { fix } : {}) });
  };
  let arn = principal;
  if (arn === undefined) {
    try {
      arn = (await reader.call<{ Arn?: string }>('sts', 'GetCallerIdentity')).Arn;
    } catch {
      arn = undefined;
    }
  }
  arn ??= '';
  const canonical = arn !== '' ? canonicalPrincipal(arn) : '';

  // The authentication mode.
  let mode: string | undefined;
  try {
    const c = await reader.call<{ cluster?: { accessConfig?: { authenticationMode?: string } } }>('eks', 'DescribeCluster', { name: cluster });
    mode = c.cluster?.accessConfig?.authenticationMode ?? 'CONFIG_MAP';
    const uses = mode === 'API' ? 'access entries only: the aws-auth ConfigMap is ignored' : mode === 'CONFIG_MAP' ? 'the aws-auth ConfigMap only: access entries are not used' : 'access entries first, then the aws-auth ConfigMap';
    add('authentication-mode', 'pass', `The cluster's authentication mode is ${mode}: ${uses}.`);
  } catch (err) {
    if (err instanceof CallFailed && err.record.outcome === 'not-found') add('authentication-mode', 'fail', `No cluster ${cluster}: ${err.record.error ?? ''}`, 'Check the cluster name and --region.');
    else add('authentication-mode', 'gap', gapOf(err));
  }
  const useApi = mode === 'API' || mode === 'API_AND_CONFIG_MAP';
  const useConfigMap = mode === 'CONFIG_MAP' || mode === 'API_AND_CONFIG_MAP';

  // Access entries.
  let entryArn: string | undefined;
  let policies: { policyArn?: string }[] = [];
  let entryGroups: string[] = [];
  if (mode !== undefined && !useApi) {
    // EKS refuses ListAccessEntries in CONFIG_MAP mode (InvalidRequestException), and no entry can exist there.
    add('access-entry', 'skip', `Access entries are not used in ${mode} mode.`);
  } else if (mode !== undefined && canonical !== '') {
    try {
      const all = await reader.pages('eks', 'ListAccessEntries', { clusterName: cluster }, ['accessEntries']);
      const list = (all.accessEntries as string[]).filter((a) => typeof a === 'string');
      entryArn = list.find((a) => withoutRolePath(a).toLowerCase() === canonical.toLowerCase());
      if (entryArn !== undefined) {
        try {
          const d = await reader.call<{ accessEntry?: { kubernetesGroups?: string[] } }>('eks', 'DescribeAccessEntry', { clusterName: cluster, principalArn: entryArn });
          entryGroups = d.accessEntry?.kubernetesGroups ?? [];
          const p = await reader.pages('eks', 'ListAssociatedAccessPolicies', { clusterName: cluster, principalArn: entryArn }, ['associatedAccessPolicies']);
          policies = p.associatedAccessPolicies as { policyArn?: string }[];
        } catch (err) {
          add('permissions', 'gap', gapOf(err));
        }
      }
      if (entryArn === undefined) {
        add(
          'access-entry',
          useConfigMap ? 'pass' : 'fail',
          `No access entry of ${cluster} has the principal ${canonical}${useConfigMap ? '; the aws-auth ConfigMap is consulted next' : ''}.`,
          `In API mode only access entries map principals: ${ACCESS_ENTRY_FIX(cluster, canonical)}`,
        );
      } else {
        add('access-entry', 'pass', `The access entry for ${entryArn} maps the principal; it takes precedence over any aws-auth ConfigMap entry for it.`);
      }
    } catch (err) {
      add('access-entry', 'gap', gapOf(err));
    }
  }

  // The aws-auth ConfigMap.
  if (kube === undefined) {
    add('aws-auth-entry', 'gap', 'Gap in the evidence: the objects of a cluster outside Gatehouse are read with kubectl; run: kubectl get configmap aws-auth -n kube-system -o yaml');
  } else if (canonical !== '') {
    try {
      const cm = (await kube.objects('configmaps', 'kube-system', 'aws-auth'))[0];
      const { entries, problems } = entriesOf(cm);
      const exact = entries.find((e) => e.arn === canonical);
      const caseOnly = exact === undefined ? entries.find((e) => e.arn.toLowerCase() === canonical.toLowerCase()) : undefined;
      const withPath = entries.find((e) => e.kind === 'mapRoles' && e.arn !== withoutRolePath(e.arn) && withoutRolePath(e.arn).toLowerCase() === canonical.toLowerCase());
      const suffix = problems.length > 0 ? ` (aws-auth: ${problems.join('; ')})` : '';
      if (cm === undefined) {
        add('aws-auth-entry', useConfigMap && entryArn === undefined ? 'fail' : 'pass', `configmaps "aws-auth" not found in namespace kube-system.`, `Map the principal in kube-system/aws-auth (eksctl create iamidentitymapping --cluster ${cluster} --arn ${canonical} --username <name> --group <group>), or use an access entry: ${ACCESS_ENTRY_FIX(cluster, canonical)}`);
      } else if (exact !== undefined || caseOnly !== undefined) {
        const e = (exact ?? caseOnly)!;
        const caseNote = caseOnly !== undefined ? ` Its case differs from the principal's (${canonical}); the authenticator compares them without regard to case, IAM names do not differ by case only.` : '';
        if (!useConfigMap) add('aws-auth-entry', 'fail', `aws-auth ${e.kind} has ${e.arn}, but the authentication mode ${mode ?? '?'} ignores the ConfigMap.${caseNote}${suffix}`, `Create an access entry for it: ${ACCESS_ENTRY_FIX(cluster, canonical)} (or aws eks update-cluster-config --name ${cluster} --access-config authenticationMode=API_AND_CONFIG_MAP if the cluster is still in transition).`);
        else if (entryArn !== undefined && useApi) add('aws-auth-entry', 'pass', `aws-auth ${e.kind} has ${e.arn}, but the access entry takes precedence.${caseNote}${suffix}`);
        else add('aws-auth-entry', 'pass', `aws-auth ${e.kind} maps ${e.arn} to ${e.username ?? '(no username)'} with groups [${e.groups.join(' ')}].${caseNote}${suffix}`);
      } else if (withPath !== undefined) {
        add(
          'aws-auth-entry',
          useConfigMap && entryArn === undefined ? 'fail' : 'pass',
          `aws-auth mapRoles has ${withPath.arn}, with a path: the authenticator compares the role without its path (${canonical}), so this entry never matches.${suffix}`,
          `Write the role ARN without its path in mapRoles: rolearn: ${withoutRolePath(withPath.arn)}`,
        );
      } else {
        add('aws-auth-entry', useConfigMap && entryArn === undefined ? 'fail' : 'pass', `aws-auth maps neither ${canonical} (mapRoles, mapUsers) nor its account (mapAccounts).${suffix}`, `Add it to mapRoles (a role) or mapUsers (a user): eksctl create iamidentitymapping --cluster ${cluster} --arn ${canonical} --username <name> --group <group>; or ${ACCESS_ENTRY_FIX(cluster, canonical)}`);
      }
    } catch (err) {
      add('aws-auth-entry', 'gap', gapOf(err));
    }
  }

  // The mapping, as the cluster resolves it.
  let who: WhoamiAnswer | undefined;
  if (kube === undefined) add('mapping', 'gap', 'Gap in the evidence: a cluster outside Gatehouse is asked with: kubectl auth whoami (as the principal).');
  else if (arn !== '') {
    try {
      who = await kube.whoami(arn);
      if (who.mapped) add('mapping', 'pass', `${who.principal.arn} is ${who.username ?? ''} with groups [${(who.groups ?? []).join(' ')}] (through ${who.via?.via ?? '?'}).`);
      else add('mapping', 'fail', `${who.principal.arn} is not mapped: ${who.reason ?? ''}${(who.notes ?? []).length > 0 ? ` (${(who.notes ?? []).join('; ')})` : ''}. kubectl answers: error: You must be logged in to the server (Unauthorized)`, findings.find((f) => f.status === 'fail')?.fix ?? ACCESS_ENTRY_FIX(cluster, canonical));
    } catch (err) {
      add('mapping', 'gap', gapOf(err));
    }
  }

  // What the identity may do: access policies, or RBAC bindings for its username and groups.
  // An access entry found in an API mode decides, whatever else maps the principal.
  const byEntry = useApi && entryArn !== undefined;
  if ((byEntry || who?.mapped === true) && !findings.some((f) => f.id === 'permissions')) {
    const groups = byEntry ? entryGroups : (who?.groups ?? []);
    const username = who?.mapped === true ? (who.username ?? '') : canonical;
    if (byEntry && policies.length > 0) {
      add('permissions', 'pass', `Access policies: ${policies.map((p) => p.policyArn ?? '?').join(', ')}.`);
    } else if (groups.includes('system:masters')) {
      add('permissions', 'pass', 'The group system:masters has every permission.');
    } else {
      let bound: string[] = [];
      try {
        if (kube === undefined) throw new Error('the bindings of a cluster outside Gatehouse are read with kubectl: kubectl get clusterrolebindings,rolebindings -A -o yaml');
        const bindings = [...(await kube.objects('clusterrolebindings')), ...(await kube.objects('rolebindings'))];
        bound = bindings
          .filter((b) => ((b as { subjects?: { kind?: string; name?: string }[] }).subjects ?? []).some((s) => (s.kind === 'Group' && groups.includes(s.name ?? '')) || (s.kind === 'User' && s.name === username)))
          .map((b) => `${b.kind ?? ''}/${b.metadata?.namespace !== undefined ? `${b.metadata.namespace}/` : ''}${b.metadata?.name ?? ''}`);
      } catch (err) {
        add('permissions', 'gap', gapOf(err));
      }
      if (!findings.some((f) => f.id === 'permissions')) {
        if (bound.length > 0) add('permissions', 'pass', `RBAC bindings for ${username} or [${groups.join(' ')}]: ${bound.join(', ')}.`);
        else {
          const viaEntry = byEntry;
          add(
            'permissions',
            'fail',
            `${username} is authenticated but ${viaEntry ? 'its access entry has no access policy and ' : ''}no RBAC binding names it or its groups [${groups.join(' ')}]: every request is Forbidden.`,
            viaEntry
              ? `aws eks associate-access-policy --cluster-name ${cluster} --principal-arn ${entryArn ?? canonical} --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy --access-scope type=cluster${entryGroups.length > 0 ? `, or bind its Kubernetes groups [${entryGroups.join(' ')}] with a (Cluster)RoleBinding` : ''}`
              : `kubectl create clusterrolebinding <name> --clusterrole=view ${groups.length > 0 ? `--group=${groups[0]!}` : `--user=${username}`}`,
          );
        }
      }
    }
  }

  return {
    check: 'aws-auth',
    cluster,
    principal: arn,
    canonicalArn: canonical !== '' ? canonical : null,
    authenticationMode: mode ?? null,
    mapped: who?.mapped ?? null,
    username: who?.username ?? null,
    groups: who?.groups ?? [],
    ok: findings.every((f) => f.status !== 'fail'),
    findings,
  };
}

export const AWS_AUTH_PLANNED_CALLS: readonly string[] = [
  'sts:GetCallerIdentity (when --principal is not given)',
  'eks:DescribeCluster',
  'eks:ListAccessEntries (every page)',
  'eks:DescribeAccessEntry (the principal\'s entry)',
  'eks:ListAssociatedAccessPolicies (the principal\'s entry)',
  'Kubernetes: GET configmaps/aws-auth in kube-system (Gatehouse: /_gatehouse/k8s/clusters/<cluster>/objects; a real cluster: kubectl)',
  'Kubernetes: the mapping (Gatehouse: POST /_gatehouse/k8s/clusters/<cluster>/whoami, which changes nothing)',
  'Kubernetes: GET clusterrolebindings and rolebindings',
];

const MARK: Record<StepStatus, string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP', gap: 'GAP ' };

export function formatAwsAuthReport(r: AwsAuthReport): string {
  const lines = [`How ${r.principal || '(unknown principal)'} maps into cluster ${r.cluster}${r.canonicalArn !== null && r.canonicalArn !== r.principal ? ` (compared as ${r.canonicalArn})` : ''}`];
  for (const f of r.findings) {
    lines.push(`  ${MARK[f.status]}  ${f.id}: ${f.detail}`);
    if (f.fix !== undefined) lines.push(`        Fix: ${f.fix}`);
  }
  return lines.join('\n');
}
