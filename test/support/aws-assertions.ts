/**
 * Assertions on errors as the AWS SDK for JavaScript v3 surfaces them: `Code` is the code AWS put
 * on the wire (`name` is the SDK's exception class, e.g. `NoSuchEntityException` for the modeled
 * `NoSuchEntity`), `message` AWS's message, `$metadata.httpStatusCode` the HTTP status.
 */
import assert from 'node:assert/strict';

export interface ExpectedAwsError {
  readonly code: string;
  /** The exact message, or a pattern for messages with times or generated parts. */
  readonly message: string | RegExp;
  readonly status?: number;
}

interface SdkErrorShape {
  readonly name: string;
  readonly message: string;
  /** The wire code (`<Error><Code>` of a Query error, `__type` of a JSON error). */
  readonly Code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
}

function isSdkError(e: unknown): e is SdkErrorShape {
  return e instanceof Error && typeof (e as Partial<SdkErrorShape>).name === 'string';
}

/** Awaits `promise`, which must fail with exactly this AWS error; returns the error. */
export async function rejectsWithAws(promise: Promise<unknown>, expected: ExpectedAwsError): Promise<SdkErrorShape> {
  let caught: unknown;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected ${expected.code}, but the request succeeded`);
  assert.ok(isSdkError(caught), `expected an SDK error, got ${caught instanceof Error ? caught.message : JSON.stringify(caught)}`);
  assert.equal(caught.Code ?? caught.name, expected.code, `code (message was: ${caught.message})`);
  if (typeof expected.message === 'string') assert.equal(caught.message, expected.message);
  else assert.match(caught.message, expected.message);
  if (expected.status !== undefined) assert.equal(caught.$metadata?.httpStatusCode, expected.status, 'HTTP status');
  assert.match(caught.$metadata?.requestId ?? '', /\S/, 'the error carries a request ID');
  return caught;
}

/** An IAM policy document as JSON text. */
export function policyDocument(...statements: readonly Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Trust policy letting the account's principals assume a role. */
export function accountTrustPolicy(accountId: string): string {
  return policyDocument({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' });
}
