/**
 * Policy documents at IAM's edge: every document an operation accepts is validated by the policy
 * engine with IAM's MalformedPolicyDocument reasons, and every document IAM returns is
 * percent-encoded, as IAM's XML carries it (botocore decodes it for boto3 and the CLI; the JS SDK
 * returns it as sent, so callers `decodeURIComponent` it).
 */
import { awsErrors } from '../../aws/aws-error.js';
import { parsePolicy, type PolicyKind } from '../../policy/index.js';

/** Throws MalformedPolicyDocument with the engine's reason when `document` is not a valid policy of `kind`. */
export function requireValidDocument(document: string, kind: PolicyKind, id: string): void {
  const result = parsePolicy(document, kind, id);
  if (!result.ok) throw awsErrors.malformedPolicyDocument(result.error.message);
}

/** `{"Version":...}` → `%7B%22Version%22...`, as IAM returns documents. */
export function encodeDocument(document: string): string {
  return encodeURIComponent(document);
}
