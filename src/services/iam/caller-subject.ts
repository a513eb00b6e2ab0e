/**
 * The user an operation acts on when the request names none (GetUser, the access-key and
 * signing-certificate operations, the MFA and SSH-key listings...): the calling IAM user itself,
 * or the account's root user. Role and federated sessions must name a user: IAM answers "Must
 * specify userName when calling with non-User credentials".
 */
import { rootArn, type AccountId } from '../../aws/arn.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { UserRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { Authorization, OperationContext } from '../operation.js';
import { resourceTagKeys } from './condition-keys.js';
import { requireUser } from './entity-lookup.js';
import { iamMessages } from './iam-messages.js';
import { optionalString, requiredString } from './input-fields.js';
import { userTarget } from './resource-targets.js';

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

/**
 * Whose credentials a request with an optional UserName acts on: the ID the store files them
 * under (the user's unique ID, or the account ID for the root user) and the UserName to report
 * (none for the root user, who has no user name).
 */
export interface SubjectHolder {
  readonly holderId: string;
  readonly userName?: string;
  /** The IAM user, when the holder is one. */
  readonly user?: UserRecord;
}

export async function subjectHolder(c: ReadCollections, ctx: OperationContext, input: WireRecord): Promise<SubjectHolder> {
  const userName = optionalString(input, 'UserName');
  if (userName !== undefined) {
    const user = await requireUser(c, ctx.accountId, userName);
    return { holderId: user.UserId, userName: user.UserName, user };
  }
  const subject = await callerSubject(c, ctx);
  return subject.kind === 'root' ? { holderId: ctx.accountId } : { holderId: subject.user.UserId, userName: subject.user.UserName, user: subject.user };
}

/**
 * The authorization of an operation on the user named by UserName (with that user's tags as
 * `aws:ResourceTag/...`), or without UserName on the caller: the caller's user ARN, or the root
 * ARN for the root user.
 */
export async function subjectAuthorization(action: string, input: WireRecord, ctx: OperationContext): Promise<Authorization> {
  const userName = optionalString(input, 'UserName');
  if (userName === undefined) {
    if (ctx.caller.principal.type === 'root') return { action, resource: rootArn(ctx.accountId as AccountId) };
    return { action, resource: callerUserArn(ctx) };
  }
  const target = await userTarget(ctx, userName);
  return { action, resource: target.arn, keys: resourceTagKeys(target.tags) };
}

/** The authorization of an operation whose UserName is required: on that user, with its tags. */
export async function namedUserAuthorization(action: string, input: WireRecord, ctx: OperationContext): Promise<Authorization> {
  const target = await userTarget(ctx, requiredString(input, 'UserName'));
  return { action, resource: target.arn, keys: resourceTagKeys(target.tags) };
}

/** `{ UserName }` for a user holder, nothing for the root user. */
export function userNameField(holder: SubjectHolder): WireRecord {
  return holder.userName === undefined ? {} : { UserName: holder.userName };
}
