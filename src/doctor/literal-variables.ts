/**
 * Catalogue F13: a policy without `"Version": "2012-10-17"` matches `${aws:username}` and the other
 * policy variables literally (the 2008-10-17 language has no variables). Given the account's
 * details, the identity-based policies of a principal that are written that way.
 */
import type { AccountAuthorizationDetails, DocumentValue } from '../policy/index.js';

/** `policy name (where)` for each of the principal's identity-based policies that uses a variable without the 2012-10-17 Version. */
export function literalVariablePolicies(details: AccountAuthorizationDetails, principalArn: string): string[] {
  const role = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(principalArn);
  const user = details.UserDetailList?.find((u) => u.Arn === principalArn);
  const roleDetail = details.RoleDetailList?.find((r) => r.Arn === principalArn || (role !== null && r.RoleName === role[3] && r.Arn.startsWith(`arn:${role[1]!}:iam::${role[2]!}:role/`)));
  const inline: { name: string; doc: DocumentValue | undefined }[] = [];
  const attached: string[] = [];
  if (user !== undefined) {
    for (const p of user.UserPolicyList ?? []) inline.push({ name: `${p.PolicyName} (inline, user ${user.UserName})`, doc: p.PolicyDocument });
    attached.push(...(user.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn));
    for (const g of details.GroupDetailList ?? []) {
      if (!(user.GroupList ?? []).includes(g.GroupName)) continue;
      for (const p of g.GroupPolicyList ?? []) inline.push({ name: `${p.PolicyName} (inline, group ${g.GroupName})`, doc: p.PolicyDocument });
      attached.push(...(g.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn));
    }
  } else if (roleDetail !== undefined) {
    for (const p of roleDetail.RolePolicyList ?? []) inline.push({ name: `${p.PolicyName} (inline, role ${roleDetail.RoleName})`, doc: p.PolicyDocument });
    attached.push(...(roleDetail.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn));
  }
  for (const arn of attached) {
    const p = details.Policies?.find((x) => x.Arn === arn);
    const v = p?.PolicyVersionList?.find((x) => x.IsDefaultVersion === true);
    if (v !== undefined) inline.push({ name: arn, doc: v.Document });
  }
  return inline.filter((p) => usesVariablesLiterally(p.doc)).map((p) => p.name);
}

function usesVariablesLiterally(d: DocumentValue | undefined): boolean {
  let doc: unknown = d;
  if (typeof d === 'string') {
    try {
      doc = JSON.parse(d.trimStart().startsWith('{') ? d : decodeURIComponent(d));
    } catch {
      return false;
    }
  }
  if (doc === null || typeof doc !== 'object') return false;
  const version = (doc as { Version?: unknown }).Version;
  return version !== '2012-10-17' && /\$\{[\w:/-]+\}/.test(JSON.stringify((doc as { Statement?: unknown }).Statement ?? ''));
}
