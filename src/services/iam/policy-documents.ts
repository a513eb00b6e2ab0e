/**
 * Policy documents at IAM's edge: every document an operation accepts is validated by the policy
 * engine with IAM's MalformedPolicyDocument reasons and IAM's size quotas, and every document IAM
 * returns is percent-encoded, as IAM's XML carries it (botocore decodes it for boto3 and the CLI;
 * the JS SDK returns it as sent, so callers `decodeURIComponent` it).
 */
import { AwsError } from '../../aws/aws-error.js';
import { sizeProblem, validatePolicy, type InlineEntity, type PolicyKind, type SizeContext } from '../../policy/index.js';

/**
 * Throws MalformedPolicyDocument with the engine's reason when `document` is not a valid policy of
 * `kind`, then LimitExceeded when it breaks the size quota of where it goes (`size`): a managed
 * policy ("Cannot exceed quota for PolicySize: 6144"), a role trust policy ("Cannot exceed quota
 * for ACLSizePerRole: 2048"). Sizes are counted without white space, as IAM counts them.
 */
export function requireValidDocument(document: string, kind: PolicyKind, size: SizeContext = {}): void {
  // A role trust policy that is not JSON at all has its own message (recorded: CreateRole with a
  // trailing comma in AssumeRolePolicyDocument); other documents say "Syntax errors in policy.".
  if (kind === 'trust' && !isJson(document)) throw new AwsError('MalformedPolicyDocument', 'This policy contains invalid Json');
  const result = validatePolicy(document, kind, size);
  if (!result.ok) throw new AwsError(result.error.code, result.error.message);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The inline-policy quota: the holder's inline policies together, counted without white space
 * ("Maximum policy size of 2048 bytes exceeded for user alice", LimitExceeded).
 */
export function requireInlinePolicyRoom(document: string, entity: InlineEntity, holderName: string, otherInlineSize: number): void {
  const problem = sizeProblem(document, 'identity', { inline: { entity, name: holderName, otherInlineSize } });
  if (problem !== undefined) throw new AwsError(problem.code, problem.message);
}

/** `{"Version":...}` → `%7B%22Version%22...`, as IAM returns documents. */
export function encodeDocument(document: string): string {
  return encodeURIComponent(document);
}
