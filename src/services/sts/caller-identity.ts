/**
 * GetCallerIdentity: who the credentials belong to. No permission is needed, and an explicit deny
 * of sts:GetCallerIdentity does not stop it (id_credentials_temp_request.md, note 4).
 */
import type { OperationDef } from '../operation.js';

export const getCallerIdentity: OperationDef = {
  name: 'GetCallerIdentity',
  readOnly: true,
  authorize: () => [],
  handler: (_input, ctx) => Promise.resolve({ UserId: ctx.caller.userId, Account: ctx.caller.accountId, Arn: ctx.caller.principal.arn }),
};
