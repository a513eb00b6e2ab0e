/**
 * The authorizations Organizations operations ask for, per the service authorization reference:
 * the action on the ARN of the root, OU, account or policy named, with `aws:ResourceTag/<key>` from
 * its tags and `organizations:PolicyType` where the reference lists it. A root, OU or account that
 * does not exist is authorized on the ARN its ID would have, so the caller learns that it does not
 * exist only if allowed to ask.
 */
import type { ContextKeys } from '../../policy/index.js';
import type { Authorization, OperationContext } from '../operation.js';
import { mergeKeys } from '../iam/condition-keys.js';
import type { OrgScope } from './org-operation.js';
import { resourceTagKeys } from './org-tags.js';
import { findTarget } from './org-tree.js';

/** The action on a root, OU or account, with its tags as `aws:ResourceTag/<key>`. */
export async function targetAuthorization(action: string, ctx: OperationContext, scope: OrgScope, targetId: string, keys: ContextKeys = {}): Promise<Authorization> {
  const target = await findTarget(ctx.store.read, scope.org, targetId);
  return {
    action,
    resource: scope.arns.target(targetId) ?? '*',
    keys: mergeKeys(resourceTagKeys(target?.tags ?? []), keys),
  };
}
