/**
 * Authorization of one Kubernetes request, as an EKS cluster decides it: first the EKS access
 * policies associated with the caller's access entry (their scope: the cluster, or namespaces with
 * `*` wildcards), then Kubernetes RBAC over the Role/ClusterRole objects and their bindings loaded
 * from manifests (users, groups, service accounts). Both only allow; anything not allowed is
 * denied. Pure: the objects and the caller's policies are given.
 */
import { accessPolicyRules } from './access-policies.js';
import type { AssociatedAccessPolicy } from './cluster-view.js';
import type { KubeObject } from './kube-object.js';

export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

export interface UserInfo {
  readonly username: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** Kubernetes' request attributes (`authorizer.Attributes`). */
export interface RequestAttributes {
  readonly verb: string;
  /** Resource requests. */
  readonly resource?: {
    readonly group: string;
    readonly resource: string;
    readonly subresource?: string;
    /** `''` for cluster-wide requests. */
    readonly namespace: string;
    readonly name?: string;
  };
  /** Non-resource requests (`/version`, `/apis`…). */
  readonly path?: string;
}

export interface Decision {
  readonly allowed: boolean;
  /** Kubernetes' reason (`RBAC: allowed by …`), empty when denied. */
  readonly reason: string;
}

function has(list: readonly string[] | undefined, value: string): boolean {
  return list !== undefined && (list.includes('*') || list.includes(value));
}

function resourceMatches(rule: PolicyRule, resource: string, subresource: string | undefined): boolean {
  const full = subresource !== undefined && subresource !== '' ? `${resource}/${subresource}` : resource;
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === full) return true;
    // `*/scale` names a subresource of any resource.
    if (subresource !== undefined && r === `*/${subresource}`) return true;
  }
  return false;
}

function nonResourceMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

/** Whether one rule allows the request (Kubernetes' `RuleAllows`). */
export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (a.resource !== undefined) {
    if (rule.nonResourceURLs !== undefined && rule.resources === undefined) return false;
    if (!has(rule.apiGroups, a.resource.group)) return false;
    if (!resourceMatches(rule, a.resource.resource, a.resource.subresource)) return false;
    const names = rule.resourceNames ?? [];
    return names.length === 0 || (a.resource.name !== undefined && names.includes(a.resource.name));
  }
  return a.path !== undefined && nonResourceMatches(rule, a.path);
}

interface Subject {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

function subjectMatches(s: Subject, user: UserInfo, bindingNamespace: string): boolean {
  switch (s.kind) {
    case 'User':
      return s.name === user.username;
    case 'Group':
      return s.name !== undefined && user.groups.includes(s.name);
    case 'ServiceAccount': {
      const ns = s.namespace !== undefined && s.namespace !== '' ? s.namespace : bindingNamespace;
      return user.username === `system:serviceaccount:${ns}:${s.name ?? ''}`;
    }
    default:
      return false;
  }
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `ServiceAccount "${s.namespace ?? bindingNamespace}/${s.name ?? ''}"`;
  return `${s.kind ?? ''} "${s.name ?? ''}"`;
}

/** Kubernetes RBAC over the loaded Role, ClusterRole, RoleBinding and ClusterRoleBinding objects. */
export function rbacDecision(objects: readonly KubeObject[], user: UserInfo, a: RequestAttributes): Decision {
  const clusterRoles = new Map<string, KubeObject>();
  const roles = new Map<string, KubeObject>();
  for (const o of objects) {
    if (o.kind === 'ClusterRole') clusterRoles.set(o.metadata.name ?? '', o);
    if (o.kind === 'Role') roles.set(`${o.metadata.namespace ?? 'default'}/${o.metadata.name ?? ''}`, o);
  }
  const rulesOf = (o: KubeObject | undefined): readonly PolicyRule[] => (Array.isArray(o?.rules) ? (o.rules as PolicyRule[]) : []);
  const namespace = a.resource?.namespace ?? '';

  // ClusterRoleBindings first, as Kubernetes visits them.
  for (const b of objects) {
    if (b.kind !== 'ClusterRoleBinding') continue;
    const ref = b.roleRef as { kind?: string; name?: string } | undefined;
    if (ref?.kind !== 'ClusterRole') continue;
    const subjects = (Array.isArray(b.subjects) ? b.subjects : []) as Subject[];
    const subject = subjects.find((s) => subjectMatches(s, user, ''));
    if (subject === undefined) continue;
    if (rulesOf(clusterRoles.get(ref.name ?? '')).some((r) => ruleAllows(r, a))) {
      return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding "${b.metadata.name ?? ''}" of ClusterRole "${ref.name ?? ''}" to ${describeSubject(subject, '')}` };
    }
  }
  if (namespace !== '') {
    for (const b of objects) {
      if (b.kind !== 'RoleBinding' || (b.metadata.namespace ?? 'default') !== namespace) continue;
      const ref = b.roleRef as { kind?: string; name?: string } | undefined;
      const subjects = (Array.isArray(b.subjects) ? b.subjects : []) as Subject[];
      const subject = subjects.find((s) => subjectMatches(s, user, namespace));
      if (subject === undefined || ref === undefined) continue;
      const role = ref.kind === 'ClusterRole' ? clusterRoles.get(ref.name ?? '') : ref.kind === 'Role' ? roles.get(`${namespace}/${ref.name ?? ''}`) : undefined;
      if (rulesOf(role).some((r) => ruleAllows(r, a))) {
        return { allowed: true, reason: `RBAC: allowed by RoleBinding "${b.metadata.name ?? ''}/${namespace}" of ${ref.kind ?? ''} "${ref.name ?? ''}" to ${describeSubject(subject, namespace)}` };
      }
    }
  }
  return { allowed: false, reason: '' };
}

/** `dev-*` matches `dev-a`; `*` alone matches every namespace. */
function namespaceMatches(pattern: string, namespace: string): boolean {
  if (!pattern.includes('*')) return pattern === namespace;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(namespace);
}

/**
 * The EKS access policies associated with the caller's access entry. A namespace-scoped
 * association allows only requests within one of its namespaces. The reason is worded as EKS's
 * authorizer words it in the cluster's audit log (a binding named after the principal, of a role
 * named after the policy).
 */
export function accessPolicyDecision(policies: readonly AssociatedAccessPolicy[], principalArn: string, user: UserInfo, a: RequestAttributes): Decision {
  const namespace = a.resource?.namespace ?? '';
  for (const p of policies) {
    const rules = accessPolicyRules(p.policyArn ?? '');
    if (rules === undefined) continue;
    const scope = p.accessScope;
    if (scope?.type === 'namespace') {
      if (namespace === '' || !(scope.namespaces ?? []).some((n) => namespaceMatches(n, namespace))) continue;
    }
    if (rules.some((r) => ruleAllows(r, a))) {
      const binding = scope?.type === 'namespace' ? `RoleBinding "${principalArn}/${namespace}"` : `ClusterRoleBinding "${principalArn}"`;
      return { allowed: true, reason: `EKS Access Policy: allowed by ${binding} of ClusterRole "${p.policyArn ?? ''}" to User "${user.username}"` };
    }
  }
  return { allowed: false, reason: '' };
}

/** The cluster's decision: access policies, then RBAC. */
export function authorize(
  objects: readonly KubeObject[],
  accessPolicies: readonly AssociatedAccessPolicy[],
  principalArn: string | undefined,
  user: UserInfo,
  a: RequestAttributes,
): Decision {
  if (principalArn !== undefined) {
    const d = accessPolicyDecision(accessPolicies, principalArn, user, a);
    if (d.allowed) return d;
  }
  return rbacDecision(objects, user, a);
}
