/**
 * The user an operation acts on when the request names none (GetUser, the access-key operations):
 * the calling IAM user itself, or the account's root user. Role and federated sessions must name a
 * user: IAM answers "Must specify userName when calling with non-User credentials".
 */
import type { UserRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { OperationContext } from '../operation.js';
import { requireUser } from './entity-lookup.js';
import { iamMessages } from './iam-messages.js';

export type CallerSubject = { readonly kind: 'root' } | { readonly kind: 'user'; readonly user: UserRecord };

/** Throws the non-User-credentials ValidationError for sessions. */
export function requireUserCaller(ctx: OperationContext): 'root' | 'user' {
  const type = ctx.caller.principal.type;
  if (type === 'root') return 'root';
  if (type === 'user' && ctx.caller.userName !== undefined) return 'user';
  throw iamMessages.nonUserCredentials();
}

export async function callerSubject(c: ReadCollections, ctx: OperationContext): Promise<CallerSubject> {
  if (requireUserCaller(ctx) === 'root') return { kind: 'root' };
  return { kind: 'user', user: await requireUser(c, ctx.accountId, ctx.caller.userName ?? '') };
}

/** The ARN of the caller as IAM authorizes self-service operations on it. */
export function callerUserArn(ctx: OperationContext): string {
  requireUserCaller(ctx);
  return ctx.caller.principal.arn;
}
