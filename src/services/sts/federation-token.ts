/**
 * GetFederationToken: a federated-user session of an IAM user (or the root user), whose
 * permissions are those of the user intersected with the session policies passed — none passed,
 * none at all (id_credentials_temp_control-access_getfederationtoken.md). 15 minutes to 36 hours
 * (12 hours by default); an hour at most for the root user.
 */
import { AwsError } from '../../aws/aws-error.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { Authorization, OperationDef } from '../operation.js';
import { optionalNumber, requiredString } from '../iam/input-fields.js';
import { checkPackedSize, issueCredentials, packedPolicySize, sessionPolicies, sessionTags, tagConditionKeys } from './session-inputs.js';

function federatedUserArn(accountId: string, name: string): string {
  return `arn:aws:sts::${accountId}:federated-user/${name}`;
}

export const getFederationToken: OperationDef = {
  name: 'GetFederationToken',
  readOnly: true,
  authorize(input: WireRecord, ctx): Authorization[] {
    const resource = federatedUserArn(ctx.accountId, requiredString(input, 'Name'));
    const tags = sessionTags(input, undefined);
    const keys = tagConditionKeys(input, tags);
    const needs: Authorization[] = [{ action: 'sts:GetFederationToken', resource, keys }];
    if (tags.tags.length > 0) needs.push({ action: 'sts:TagSession', resource, keys });
    return needs;
  },
  handler(input: WireRecord, ctx) {
    const caller = ctx.caller;
    if (caller.principal.type !== 'user' && caller.principal.type !== 'root') {
      throw new AwsError('AccessDenied', 'Cannot call GetFederationToken with session credentials', 403);
    }
    const name = requiredString(input, 'Name');
    const requested = optionalNumber(input, 'DurationSeconds');
    const duration = caller.principal.type === 'root' ? Math.min(requested ?? 3600, 3600) : (requested ?? 43_200);
    const policies = sessionPolicies(input);
    const tags = sessionTags(input, undefined);
    const packed = packedPolicySize(policies, tags);
    checkPackedSize(packed);
    const { credentials } = issueCredentials(ctx, caller.accountId, duration, {
      kind: 'federated',
      userId: caller.userId,
      name,
      ...(policies.policy !== undefined ? { policy: policies.policy } : {}),
      ...(policies.policyArns.length > 0 ? { policyArns: policies.policyArns } : {}),
      ...(tags.tags.length > 0 ? { tags: tags.tags } : {}),
    });
    return Promise.resolve({
      Credentials: credentials,
      FederatedUser: { FederatedUserId: `${caller.accountId}:${name}`, Arn: federatedUserArn(caller.accountId, name) },
      PackedPolicySize: packed,
    });
  },
};
