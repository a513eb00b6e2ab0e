/**
 * Encoded authorization messages: what AWS's DecodeAuthorizationMessage returns — whether the
 * request was allowed, whether an explicit deny decided, the statements that matched, and the
 * request's context (principal, action, resource, condition keys) — in AWS's JSON layout
 * (`{"allowed":…,"explicitDeny":…,"matchedStatements":{"items":[…]},"failures":{"items":[]},
 * "context":{…}}`). Gatehouse encodes one for every denial it records (the trail's
 * `gatehouse.encodedAuthorizationMessage`), sealed so that only it can decode it.
 */
import { AwsError } from '../../aws/aws-error.js';
import type { Explanation, Json, RequestContext } from '../../policy/types.js';
import type { Caller, OperationDef } from '../operation.js';
import { requiredString } from '../iam/input-fields.js';

/** The decoded message, as JSON text. */
export function authorizationMessage(caller: Caller, request: RequestContext, explanation: Explanation): string {
  const conditions: Json[] = [];
  for (const key of Object.keys(request.context).sort()) {
    const v = request.context[key];
    if (v === undefined) continue;
    const values = typeof v === 'string' ? [v] : [...v];
    conditions.push({ key, values: { items: values.map((value) => ({ value })) } });
  }
  const message: Json = {
    allowed: explanation.decision === 'Allow',
    explicitDeny: explanation.decision === 'ExplicitDeny',
    matchedStatements: {
      items: explanation.deciding.map((d) => ({ statementId: d.statement, effect: d.effect.toUpperCase(), policyType: d.kind.toUpperCase(), policy: d.policy })),
    },
    failures: { items: [] },
    context: {
      principal: { id: caller.userId, ...(caller.userName !== undefined ? { name: caller.userName } : {}), arn: caller.principal.arn },
      action: request.action,
      resource: request.resource,
      conditions: { items: conditions },
    },
  };
  return JSON.stringify(message);
}

export const decodeAuthorizationMessage: OperationDef = {
  name: 'DecodeAuthorizationMessage',
  readOnly: true,
  authorize: () => ({ action: 'sts:DecodeAuthorizationMessage', resource: '*' }),
  handler(input, ctx) {
    const decoded = ctx.sessions.openMessage(requiredString(input, 'EncodedMessage'));
    // AWS's wording for a message it cannot decode is not known.
    if (decoded === undefined) throw new AwsError('InvalidAuthorizationMessageException', 'The specified encoded message is not valid.', 400);
    return Promise.resolve({ DecodedMessage: decoded });
  },
};
