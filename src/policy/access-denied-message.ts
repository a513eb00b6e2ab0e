import type { DecisionKind, DenyingPolicyType, RequestContext } from './types.js';
import { contextViaEndpoint } from './vpc-endpoint.js';

/**
 * AWS's access-denied wording per policy type, from troubleshoot_access-denied.md, with its
 * article quirks kept as AWS writes them ("an identity-based policy", "the role trust policy",
 * "a sessions policy", "a permissions boundary" with no "policy").
 */
const PHRASES: Readonly<Record<DenyingPolicyType, { readonly explicit: string; readonly implicit: string }>> = {
  'identity-based': { explicit: 'an identity-based policy', implicit: 'identity-based policy' },
  'resource-based': { explicit: 'a resource-based policy', implicit: 'resource-based policy' },
  'role trust': { explicit: 'the role trust policy', implicit: 'role trust policy' },
  'permissions boundary': { explicit: 'a permissions boundary', implicit: 'permissions boundary' },
  session: { explicit: 'a sessions policy', implicit: 'session policy' },
  'service control': { explicit: 'a service control policy', implicit: 'service control policy' },
  // AWS documents RCP denials only in the explicit form; the implicit form follows SCPs (below).
  'resource control': { explicit: 'a resource control policy', implicit: 'resource control policy' },
  // "Access denied due to a VPC endpoint policy" (catalogue E11, E12).
  'VPC endpoint': { explicit: 'a VPC endpoint policy', implicit: 'VPC endpoint policy' },
};

/**
 * Policy types whose implicit denials AWS words as explicit: "When an SCP denies access, the error
 * message can include the phrase `due to an explicit deny in a Service Control Policy`, even if
 * the denial is implicit." RCPs are treated alike.
 */
const ALWAYS_EXPLICIT: ReadonlySet<DenyingPolicyType> = new Set(['service control', 'resource control']);

/**
 * A request that came through a VPC endpoint and was denied by another policy: AWS names the
 * endpoint policy "transitively through" that policy ("Access denied when a VPC request fails due
 * to another policy", catalogue E23, documented for SCPs only).
 */
const TRANSITIVE_THROUGH_ENDPOINT: Readonly<Partial<Record<DenyingPolicyType, string>>> = {
  'service control': 'transitively through a service control policy',
};

/**
 * How a service words its access-denied messages. `namesAnyResource`: the message names the
 * resource also when it is `*` (IAM: "... iam:SimulateCustomPolicy on resource: * because ...",
 * recorded); other services leave `on resource: *` out (troubleshoot_access-denied.md's CodeCommit
 * examples).
 */
export interface MessageStyle {
  readonly namesAnyResource?: boolean;
  /**
   * The message ends after the resource, without saying which policy type denied: EKS's wording
   * (eks-user-guide/security_iam_troubleshoot.md: "... is not authorized to perform:
   * eks:DescribeCluster on resource: arn:aws:eks:...:cluster/my-cluster").
   */
  readonly omitsReason?: boolean;
}

/**
 * `User: <arn> is not authorized to perform: <action>[ on resource: <arn>] because no <type>
 * allows the <action> action` or `... with an explicit deny in <type>`. The resource part is
 * given when the request names a resource (not `*`, unless the style says so).
 */
export function accessDeniedMessage(request: RequestContext, decision: Exclude<DecisionKind, 'Allow'>, deniedBy: DenyingPolicyType, style: MessageStyle = {}): string {
  const head = `User: ${request.principal.arn} is not authorized to perform: ${request.action}`;
  const named = request.resource !== '' && (request.resource !== '*' || style.namesAnyResource === true);
  const on = named ? ` on resource: ${request.resource}` : '';
  if (style.omitsReason === true) return `${head}${on}`;
  const transitive = TRANSITIVE_THROUGH_ENDPOINT[deniedBy];
  if (transitive !== undefined && contextViaEndpoint(request.context)) {
    return `${head}${on} with an explicit deny in ${PHRASES['VPC endpoint'].explicit} ${transitive}`;
  }
  const phrase = PHRASES[deniedBy];
  if (decision === 'ExplicitDeny' || ALWAYS_EXPLICIT.has(deniedBy)) return `${head}${on} with an explicit deny in ${phrase.explicit}`;
  return `${head}${on} because no ${phrase.implicit} allows the ${request.action} action`;
}
