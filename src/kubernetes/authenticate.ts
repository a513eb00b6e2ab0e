/**
 * Who a verified AWS caller is inside an EKS cluster: the Kubernetes username, UID, groups and
 * extra fields, or why the caller is not mapped. Follows the cluster's authentication mode:
 *
 * - `CONFIG_MAP`: the `kube-system/aws-auth` ConfigMap only, as aws-iam-authenticator reads it:
 *   `mapRoles` then `mapUsers`, each compared case-insensitively with the caller's canonical ARN
 *   (an assumed-role session becomes `arn:<partition>:iam::<account>:role/<name>`, its path gone),
 *   so a `rolearn` written with a path never matches; then `mapAccounts`, which maps every principal
 *   of a listed account to its canonical ARN with no groups. Entries that fail aws-iam-authenticator's
 *   validation (`rolearn` missing, `userarn` missing) are ignored, the others still apply.
 * - `API`: the cluster's access entries only; the entry's principal ARN (a role's path removed)
 *   is compared with the canonical ARN.
 * - `API_AND_CONFIG_MAP`: access entries first; the ConfigMap when no entry matches.
 *
 * While the ConfigMap is read, the cluster's creator (when the cluster was created with
 * `bootstrapClusterCreatorAdminPermissions`) is mapped to `system:masters` before it.
 *
 * Username and group templates: `{{AccountID}}`, `{{SessionName}}` (with `@` as `-`),
 * `{{SessionNameRaw}}`, `{{AccessKeyID}}`, and `{{EC2PrivateDNSName}}` (the session name must be an
 * instance ID; the instance's private DNS name comes from EC2, which Gatehouse does not serve, so
 * a mapping that needs it is reported as not renderable).
 *
 * UID `aws-iam-authenticator:<account>:<principal ID>` and the extra fields are as
 * aws-iam-authenticator's TokenReview answer has them.
 */
import { parse as parseYaml } from 'yaml';
import type { AccessEntryWithPolicies, AssociatedAccessPolicy, ClusterView, VerifiedCaller } from './cluster-view.js';
import type { KubernetesObjectStore } from './object-store.js';

export interface MappedIdentity {
  readonly username: string;
  readonly uid: string;
  readonly groups: string[];
  readonly extra: Record<string, string[]>;
}

/** How the caller was mapped (for `gatehouse k8s whoami` and the API's explanations). */
export interface MappingSource {
  readonly via: 'accessEntry' | 'mapRoles' | 'mapUsers' | 'mapAccounts' | 'clusterCreator';
  readonly accessEntryArn?: string;
  readonly principalArn?: string;
  readonly accessPolicies?: readonly AssociatedAccessPolicy[];
}

export type MappingResult =
  | { readonly mapped: MappedIdentity; readonly source: MappingSource; readonly authenticationMode: string }
  | { readonly mapped: undefined; readonly reason: string; readonly authenticationMode: string; readonly notes: readonly string[] };

interface RoleMapping {
  readonly rolearn?: string;
  readonly username?: string;
  readonly groups?: readonly string[];
}
interface UserMapping {
  readonly userarn?: string;
  readonly username?: string;
  readonly groups?: readonly string[];
}

export interface AwsAuth {
  readonly roles: readonly RoleMapping[];
  readonly users: readonly UserMapping[];
  readonly accounts: readonly string[];
  /** Why entries or sections were ignored (aws-iam-authenticator logs them and carries on). */
  readonly problems: readonly string[];
}

/** aws-iam-authenticator skips an empty section, or one that is only quotes. */
function skippable(data: string): boolean {
  const t = data.trim();
  return t === '' || t === '``' || t === '""' || t === "''";
}

function section<T>(data: Readonly<Record<string, unknown>>, key: string, problems: string[]): T[] {
  const text = data[key];
  if (typeof text !== 'string' || skippable(text)) return [];
  try {
    const value: unknown = parseYaml(text);
    if (!Array.isArray(value)) {
      problems.push(`${key}: not a list`);
      return [];
    }
    return value as T[];
  } catch (err) {
    problems.push(`${key}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return [];
  }
}

/** The `data` of an aws-auth ConfigMap, parsed as aws-iam-authenticator parses it. */
/** Parsed ConfigMap data, by the data object (the same object while a cluster's objects are kept unchanged). */
const PARSED_AWS_AUTH = new WeakMap<object, AwsAuth>();

export function parseAwsAuth(data: Readonly<Record<string, unknown>>): AwsAuth {
  let parsed = PARSED_AWS_AUTH.get(data);
  if (parsed === undefined) {
    parsed = readAwsAuth(data);
    PARSED_AWS_AUTH.set(data, parsed);
  }
  return parsed;
}

function readAwsAuth(data: Readonly<Record<string, unknown>>): AwsAuth {
  const problems: string[] = [];
  const roles = section<RoleMapping & { sso?: unknown }>(data, 'mapRoles', problems).filter((r, i) => {
    const hasArn = typeof r.rolearn === 'string' && r.rolearn !== '';
    if (!hasArn && r.sso === undefined) problems.push(`mapRoles[${i}]: one of rolearn or SSO must be supplied`);
    // SSO permission-set matching is off by default in aws-iam-authenticator; such entries are skipped.
    return hasArn;
  });
  const users = section<UserMapping>(data, 'mapUsers', problems).filter((u, i) => {
    if (typeof u.userarn === 'string' && u.userarn !== '') return true;
    problems.push(`mapUsers[${i}]: value for userarn must be supplied`);
    return false;
  });
  const accounts = section<unknown>(data, 'mapAccounts', problems).map((a) => String(a));
  return { roles, users, accounts, problems };
}

/** The entry's principal as aws-iam-authenticator compares it: a role's path removed. */
export function stripRolePath(arn: string): string {
  const m = /^arn:([^:]+):iam::(\d{12}):role\/(.+)$/.exec(arn);
  if (m === null) return arn;
  const parts = (m[3] ?? '').split('/');
  return parts.length > 1 ? `arn:${m[1] ?? ''}:iam::${m[2] ?? ''}:role/${parts[parts.length - 1] ?? ''}` : arn;
}

const INSTANCE_ID = /^i-(\w{8}|\w{17})$/;

function renderTemplate(template: string, caller: VerifiedCaller): { value: string } | { error: string } {
  let t = template;
  if (t.includes('{{EC2PrivateDNSName}}')) {
    if (!INSTANCE_ID.test(caller.sessionName ?? '')) return { error: 'SessionName did not contain an instance id' };
    return { error: `the private DNS name of instance ${caller.sessionName ?? ''} comes from EC2 DescribeInstances, which Gatehouse does not serve` };
  }
  const session = caller.sessionName ?? '';
  t = t.replaceAll('{{AccountID}}', caller.accountId);
  t = t.replaceAll('{{SessionName}}', session.replaceAll('@', '-'));
  t = t.replaceAll('{{SessionNameRaw}}', session);
  t = t.replaceAll('{{AccessKeyID}}', caller.accessKeyId);
  return { value: t };
}

function identity(username: string, groups: readonly string[], caller: VerifiedCaller): MappedIdentity | { error: string } {
  const u = renderTemplate(username, caller);
  if ('error' in u) return { error: `error rendering username template "${username}": ${u.error}` };
  const gs: string[] = [];
  for (const g of groups) {
    const r = renderTemplate(g, caller);
    if ('error' in r) return { error: `error rendering group template "${g}": ${r.error}` };
    gs.push(r.value);
  }
  return {
    username: u.value,
    uid: `aws-iam-authenticator:${caller.accountId}:${caller.userId}`,
    groups: gs,
    extra: {
      accessKeyId: [caller.accessKeyId],
      arn: [caller.arn],
      canonicalArn: [caller.canonicalArn],
      principalId: [caller.userId],
      sessionName: [caller.sessionName ?? ''],
      'sigs.k8s.io/aws-iam-authenticator/principalId': [caller.userId],
    },
  };
}

/** Maps a caller through the aws-auth ConfigMap alone. */
export function mapThroughAwsAuth(auth: AwsAuth, caller: VerifiedCaller): { mapped: MappedIdentity; via: MappingSource['via'] } | { error: string } | undefined {
  const canonical = caller.canonicalArn.toLowerCase();
  const role = auth.roles.find((r) => (r.rolearn ?? '').toLowerCase() === canonical);
  if (role !== undefined) {
    const m = identity(role.username ?? '', role.groups ?? [], caller);
    return 'error' in m ? m : { mapped: m, via: 'mapRoles' };
  }
  const user = auth.users.find((u) => (u.userarn ?? '').toLowerCase() === canonical);
  if (user !== undefined) {
    const m = identity(user.username ?? '', user.groups ?? [], caller);
    return 'error' in m ? m : { mapped: m, via: 'mapUsers' };
  }
  if (auth.accounts.includes(caller.accountId)) {
    const m = identity(caller.canonicalArn, [], caller);
    return 'error' in m ? m : { mapped: m, via: 'mapAccounts' };
  }
  return undefined;
}

export function findAccessEntry(entries: readonly AccessEntryWithPolicies[], caller: VerifiedCaller): AccessEntryWithPolicies | undefined {
  const canonical = caller.canonicalArn.toLowerCase();
  return entries.find((e) => stripRolePath(e.principalArn ?? '').toLowerCase() === canonical);
}

/** Why a principal with a path in aws-auth does not match (the troubleshooting guide's case). */
function pathNotes(auth: AwsAuth, caller: VerifiedCaller): string[] {
  const notes: string[] = [];
  const canonical = caller.canonicalArn.toLowerCase();
  for (const r of auth.roles) {
    const arn = r.rolearn ?? '';
    if (stripRolePath(arn).toLowerCase() === canonical && arn.toLowerCase() !== canonical) {
      notes.push(
        `aws-auth mapRoles has ${arn}, which has a path: AWS IAM Authenticator does not permit a path in the role ARN used in the ConfigMap. Remove the path: ${stripRolePath(arn)}.`,
      );
    }
  }
  return notes;
}

export async function mapIdentity(
  view: Pick<ClusterView, 'cluster' | 'accessEntries' | 'creatorArn'>,
  objects: KubernetesObjectStore,
  caller: VerifiedCaller,
): Promise<MappingResult> {
  const mode = view.cluster.accessConfig?.authenticationMode ?? 'CONFIG_MAP';
  const useApi = mode === 'API' || mode === 'API_AND_CONFIG_MAP';
  const useConfigMap = mode === 'CONFIG_MAP' || mode === 'API_AND_CONFIG_MAP';
  const notes: string[] = [];
  if (useApi) {
    const entry = findAccessEntry(await view.accessEntries(), caller);
    if (entry !== undefined) {
      const m = identity(entry.username ?? caller.canonicalArn, entry.kubernetesGroups ?? [], caller);
      if ('error' in m) return { mapped: undefined, reason: m.error, authenticationMode: mode, notes };
      return {
        mapped: m,
        source: { via: 'accessEntry', accessEntryArn: entry.accessEntryArn, principalArn: entry.principalArn, accessPolicies: entry.associatedAccessPolicies },
        authenticationMode: mode,
      };
    }
    notes.push(`no access entry of cluster ${view.cluster.name ?? ''} has the principal ${caller.canonicalArn}`);
  } else {
    notes.push(`the cluster's authentication mode is ${mode}: access entries are not used`);
  }
  if (useConfigMap) {
    // The cluster's creator, with bootstrapClusterCreatorAdminPermissions, is system:masters outside
    // the ConfigMap (in the authenticator's own configuration) while the ConfigMap is read; on
    // API_AND_CONFIG_MAP clusters EKS also gives it an access entry, which matched above.
    const creator = view.creatorArn;
    if (view.cluster.accessConfig?.bootstrapClusterCreatorAdminPermissions === true && creator !== undefined && stripRolePath(creator).toLowerCase() === caller.canonicalArn.toLowerCase()) {
      const m = identity(caller.arn, ['system:masters'], caller);
      if (!('error' in m)) return { mapped: m, source: { via: 'clusterCreator', principalArn: creator }, authenticationMode: mode };
    }
    const cm = await objects.get('ConfigMap', 'kube-system', 'aws-auth');
    if (cm === undefined) {
      notes.push('configmaps "aws-auth" not found in namespace kube-system');
    } else {
      const auth = parseAwsAuth((cm.data ?? {}) as Record<string, unknown>);
      for (const p of auth.problems) notes.push(`aws-auth: ${p}`);
      const r = mapThroughAwsAuth(auth, caller);
      if (r !== undefined && 'error' in r) return { mapped: undefined, reason: r.error, authenticationMode: mode, notes };
      if (r !== undefined) return { mapped: r.mapped, source: { via: r.via }, authenticationMode: mode };
      notes.push(`aws-auth maps neither ${caller.canonicalArn} (mapRoles, mapUsers) nor account ${caller.accountId} (mapAccounts)`);
      notes.push(...pathNotes(auth, caller));
    }
  } else {
    notes.push(`the cluster's authentication mode is ${mode}: the aws-auth ConfigMap is not used`);
  }
  // aws-iam-authenticator's ErrNotMapped, with the ARN it looked for.
  return { mapped: undefined, reason: `ARN is not mapped: ${caller.canonicalArn}`, authenticationMode: mode, notes };
}

/**
 * The canonical ARN of a principal ARN, as aws-iam-authenticator computes it: an assumed-role
 * session's role (without path), other IAM principals as they are.
 */
export function canonicalArn(arn: string): string | undefined {
  const m = /^arn:([^:]+):(sts|iam)::(\d{12}):(.+)$/.exec(arn);
  if (m === null) return undefined;
  const [, partition, service, account, resource] = m;
  const parts = (resource ?? '').split('/');
  if (service === 'sts') {
    if (parts[0] === 'federated-user') return arn;
    if (parts[0] !== 'assumed-role' || parts.length < 3) return undefined;
    return `arn:${partition ?? ''}:iam::${account ?? ''}:role/${parts.slice(1, -1).join('/')}`;
  }
  if (parts[0] === 'role' || parts[0] === 'user' || parts[0] === 'root') return arn;
  return undefined;
}
