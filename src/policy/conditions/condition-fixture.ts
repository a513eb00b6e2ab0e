/** Builds requests and runs one condition against them, for the condition tests. */
import { RequestView } from '../request-view.js';
import type { ConditionNote, ContextKeys, PolicyVersion } from '../types.js';
import { compileCondition } from './index.js';

/** A request by an IAM user with the given condition keys. */
export function requestWith(context: ContextKeys): RequestView {
  return new RequestView({
    principal: { type: 'user', arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012' },
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/key',
    context,
  });
}

/** Compiles `{operator: {key: values}}` and tests it against a request with `context`; `null`: a policy without Version. */
export function check(
  operator: string,
  key: string,
  values: string | readonly string[],
  context: ContextKeys,
  version: PolicyVersion | null = '2012-10-17',
): boolean {
  const c = compileCondition({ operator, key, values: typeof values === 'string' ? [values] : values }, version ?? undefined);
  return c.test(requestWith(context));
}

/** Like `check`, with the note the condition writes. */
export function explain(
  operator: string,
  key: string,
  values: string | readonly string[],
  context: ContextKeys,
  version: PolicyVersion | null = '2012-10-17',
): { matched: boolean; note: ConditionNote } {
  const c = compileCondition({ operator, key, values: typeof values === 'string' ? [values] : values }, version ?? undefined);
  const notes: ConditionNote[] = [];
  const matched = c.test(requestWith(context), notes);
  if (notes.length !== 1) throw new Error(`expected one note, got ${notes.length}`);
  return { matched, note: notes[0]! };
}
