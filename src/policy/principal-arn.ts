/**
 * What kind of principal an ARN (or service name) names, and the request principal the engine
 * decides for (reference-arns.md, reference_identifiers.md "IAM ARNs";
 * reference_policies_elements_principal.md for service principals and `*`).
 */
import { parseIdentityArn } from '../aws/arn.js';
import type { RequestPrincipal } from './types.js';

/** A principal ARN taken apart. */
export type PrincipalArn =
  | { readonly kind: 'root'; readonly partition: string; readonly accountId: string; readonly arn: string }
  | { readonly kind: 'user'; readonly partition: string; readonly accountId: string; readonly arn: string; readonly name: string; readonly path: string }
  /** An IAM role: requests are made by its sessions. */
  | { readonly kind: 'role'; readonly partition: string; readonly accountId: string; readonly arn: string; readonly name: string; readonly path: string }
  | { readonly kind: 'assumed-role'; readonly partition: string; readonly accountId: string; readonly arn: string; readonly roleName: string; readonly sessionName: string }
  | { readonly kind: 'federated-user'; readonly partition: string; readonly accountId: string; readonly arn: string; readonly name: string }
  | { readonly kind: 'service'; readonly arn: string }
  | { readonly kind: 'anonymous'; readonly arn: 'anonymous' };

/** `ec2.amazonaws.com`, `logs.us-east-1.amazonaws.com`, `ecs-tasks.amazonaws.com.cn`... */
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

/**
 * Classifies a principal: an IAM user, role or root ARN, an STS assumed-role or federated-user
 * session ARN, an AWS service principal name, or `*` / `anonymous` for an unauthenticated caller.
 * Undefined for anything else (groups, policies and other ARNs name no principal).
 */
export function classifyPrincipalArn(text: string): PrincipalArn | undefined {
  if (text === '*' || text === 'anonymous') return { kind: 'anonymous', arn: 'anonymous' };
  if (SERVICE_PRINCIPAL.test(text)) return { kind: 'service', arn: text };
  const id = parseIdentityArn(text);
  if (id === undefined) return undefined;
  switch (id.kind) {
    case 'root':
      return { kind: 'root', partition: id.partition, accountId: id.accountId, arn: text };
    case 'assumed-role':
      return { kind: 'assumed-role', partition: id.partition, accountId: id.accountId, arn: text, roleName: id.roleName, sessionName: id.sessionName };
    case 'federated-user':
      return { kind: 'federated-user', partition: id.partition, accountId: id.accountId, arn: text, name: id.userName };
    case 'iam-resource':
      if (id.accountId === 'aws') return undefined;
      if (id.type === 'user' || id.type === 'role') {
        return { kind: id.type, partition: id.partition, accountId: id.accountId, arn: text, name: id.name, path: id.path };
      }
      return undefined;
  }
}

export interface RequestPrincipalOptions {
  /** For a role ARN: the session name of the role session that makes the request (default `session`). */
  readonly sessionName?: string;
  /**
   * The IAM identity behind a session: the role ARN with its path for an assumed-role ARN (which
   * does not carry the path; default: the role at path `/`), the IAM user ARN for a federated user.
   */
  readonly identityArn?: string;
}

/**
 * The request principal for an ARN as `evaluate` expects it. A role ARN becomes a session of that
 * role (requests are made by role sessions); undefined when the text names no principal.
 */
export function requestPrincipal(text: string, options: RequestPrincipalOptions = {}): RequestPrincipal | undefined {
  const p = classifyPrincipalArn(text);
  if (p === undefined) return undefined;
  switch (p.kind) {
    case 'root':
    case 'user':
      return { type: p.kind, arn: p.arn, accountId: p.accountId };
    case 'role':
      return {
        type: 'assumed-role',
        arn: `arn:${p.partition}:sts::${p.accountId}:assumed-role/${p.name}/${options.sessionName ?? 'session'}`,
        accountId: p.accountId,
        identityArn: p.arn,
      };
    case 'assumed-role':
      return { type: 'assumed-role', arn: p.arn, accountId: p.accountId, identityArn: options.identityArn ?? `arn:${p.partition}:iam::${p.accountId}:role/${p.roleName}` };
    case 'federated-user':
      return options.identityArn !== undefined
        ? { type: 'federated-user', arn: p.arn, accountId: p.accountId, identityArn: options.identityArn }
        : { type: 'federated-user', arn: p.arn, accountId: p.accountId };
    case 'service':
      return { type: 'service', arn: p.arn };
    case 'anonymous':
      return { type: 'anonymous', arn: 'anonymous' };
  }
}
