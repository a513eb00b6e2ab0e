/**
 * Every way a request's authentication can fail, as one table: the reason, the AWS error code it
 * is answered with, and AWS's message. The server turns a `SigV4Error` into the Query/XML (or
 * JSON) error response; the reason stays available to the explanation and the audit trail.
 *
 * Sources of the wording (recorded AWS responses, quoted verbatim in public issue threads and in
 * emulators that replay recorded responses):
 * - `Request is missing Authentication Token`: STS XML error body, HTTP 403
 *   (amzn/selling-partner-api-docs#3081, cert-manager/aws-privateca-issuer#40).
 * - `Authorization header requires 'Credential' parameter. … Authorization=…`: API responses
 *   quoted in aws/chalice#828 and brendanhay/amazonka#316 (SES, IncompleteSignature, HTTP 400).
 * - `'…' not a valid key=value pair (missing equal-sign) in Authorization header: '…'.`:
 *   aws/aws-sdk-go#289 (CloudFormation), jenkinsci/aws-credentials-plugin#72 (STS).
 * - Query-string, date-format, algorithm, credential-element and 'Host' messages, and the order
 *   in which the checks run: the recorded responses of AWS's shared request front end kept in
 *   mhart/dynalite (index.js); IAM and STS run on the same front end.
 * - `Signature expired: … (… - 15 min.)`: STS responses in aws/aws-cli#6676 (GetCallerIdentity)
 *   and devsecops/bootcamp#101 (AssumeRole); query services allow 15 minutes of skew.
 * - `Credential should be scoped to a valid region. `: STS XML body quoted in
 *   namecheap/node-vault-client#25 (2022) and IAM in aws/aws-sdk-java#3108 (2024); older IAM
 *   replies read `…valid region, not 'us-west-2'. ` (rusoto/rusoto#1870, JuliaCloud/AWS.jl#565).
 * - `Credential should be scoped to correct service: 'batch'. `: cllunsford/aws-signing-proxy#25.
 * - `The security token included in the request is invalid`: STS and IAM bodies quoted in
 *   okta-awscli/okta-awscli#145 and 99designs/aws-vault#917, and the EKS user guide's
 *   troubleshooting page. IAM and STS write it without a final period; SNS, CloudWatch and
 *   DynamoDB add one.
 * - The signature-mismatch message: aws/aws-cli#5166 (IAM GetUser). Before about 2017 AWS
 *   appended the canonical string and string-to-sign it expected (boto/boto3#756); current IAM and
 *   STS replies do not, so neither does Gatehouse (the error carries them in `detail` instead).
 */

export type SigV4ErrorCode =
  | 'MissingAuthenticationToken'
  | 'IncompleteSignature'
  | 'SignatureDoesNotMatch'
  | 'InvalidClientTokenId';

/** HTTP status of each code for the Query-protocol services (IAM, STS). */
export const SIGV4_ERROR_STATUS: Readonly<Record<SigV4ErrorCode, number>> = {
  MissingAuthenticationToken: 403,
  // 400 Bad Request in the SES response quoted in brendanhay/amazonka#316.
  IncompleteSignature: 400,
  SignatureDoesNotMatch: 403,
  InvalidClientTokenId: 403,
};

export type AuthorizationParameter = 'Credential' | 'Signature' | 'SignedHeaders';

export const PRESIGNED_REQUIRED_PARAMETERS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-SignedHeaders',
  'X-Amz-Date',
] as const;

export type PresignedParameter = (typeof PRESIGNED_REQUIRED_PARAMETERS)[number];

/** One element of the credential scope that is not what this endpoint expects. */
export type ScopeProblem =
  | { readonly element: 'region'; readonly actual: string }
  | { readonly element: 'service'; readonly expected: string }
  | { readonly element: 'terminator'; readonly actual: string }
  | { readonly element: 'date'; readonly actual: string; readonly expected: string; readonly amzDate: string };

/** The arguments each reason's message is built from. */
export interface SigV4ReasonArgs {
  'missing-authentication': Record<string, never>;
  'both-forms': Record<string, never>;
  'header-pair-malformed': { readonly piece: string; readonly header: string };
  'header-parameters-missing': {
    readonly missing: readonly AuthorizationParameter[];
    readonly dateMissing: boolean;
    readonly header: string;
  };
  'query-parameters-missing': { readonly missing: readonly PresignedParameter[] };
  'date-malformed': { readonly value: string };
  'signature-expired': { readonly requestTime: string; readonly earliest: string; readonly now: string; readonly skewMinutes: number };
  'signature-not-yet-current': { readonly requestTime: string; readonly latest: string; readonly now: string; readonly skewMinutes: number };
  'host-not-signed': Record<string, never>;
  'unsupported-algorithm': { readonly algorithm: string };
  'credential-malformed': { readonly credential: string };
  'credential-scope-mismatch': { readonly problems: readonly ScopeProblem[] };
  'expires-not-a-number': { readonly value: string };
  'expires-negative': { readonly value: string };
  'expires-too-large': { readonly value: string };
  'unknown-access-key': Record<string, never>;
  'inactive-access-key': Record<string, never>;
  'payload-hash-mismatch': { readonly declared: string };
  'signature-mismatch': Record<string, never>;
}

export type SigV4Reason = keyof SigV4ReasonArgs;

interface ReasonEntry<A> {
  readonly code: SigV4ErrorCode;
  readonly message: (args: A) => string;
}

const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid';

/** Each scope problem's sentence; AWS writes them one after another, each followed by a space. */
function scopeSentence(problem: ScopeProblem): string {
  switch (problem.element) {
    case 'region':
      return 'Credential should be scoped to a valid region. ';
    case 'service':
      return `Credential should be scoped to correct service: '${problem.expected}'. `;
    case 'terminator':
      return `Credential should be scoped with a valid terminator: 'aws4_request', not '${problem.actual}'. `;
    case 'date':
      // Recorded as the last sentence of a DynamoDB reply, so whether a space follows is not known.
      return `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${problem.actual}' != '${problem.expected}', from '${problem.amzDate}'. `;
  }
}

export const SIGV4_REASONS: { readonly [R in SigV4Reason]: ReasonEntry<SigV4ReasonArgs[R]> } = {
  'missing-authentication': { code: 'MissingAuthenticationToken', message: () => 'Request is missing Authentication Token' },
  'both-forms': {
    code: 'IncompleteSignature',
    message: () => "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
  },
  'header-pair-malformed': {
    code: 'IncompleteSignature',
    message: (a) => `'${a.piece}' not a valid key=value pair (missing equal-sign) in Authorization header: '${a.header}'.`,
  },
  'header-parameters-missing': {
    code: 'IncompleteSignature',
    message: (a) =>
      a.missing.map((p) => `Authorization header requires '${p}' parameter. `).join('') +
      (a.dateMissing ? "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " : '') +
      `Authorization=${a.header}`,
  },
  'query-parameters-missing': {
    code: 'IncompleteSignature',
    message: (a) =>
      a.missing.map((p) => `AWS query-string parameters must include '${p}'. `).join('') + 'Re-examine the query-string parameters.',
  },
  'date-malformed': {
    code: 'IncompleteSignature',
    message: (a) => `Date must be in ISO-8601 'basic format'. Got '${a.value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
  },
  'signature-expired': {
    code: 'SignatureDoesNotMatch',
    message: (a) => `Signature expired: ${a.requestTime} is now earlier than ${a.earliest} (${a.now} - ${a.skewMinutes} min.)`,
  },
  'signature-not-yet-current': {
    code: 'SignatureDoesNotMatch',
    message: (a) => `Signature not yet current: ${a.requestTime} is still later than ${a.latest} (${a.now} + ${a.skewMinutes} min.)`,
  },
  'host-not-signed': { code: 'SignatureDoesNotMatch', message: () => "'Host' must be a 'SignedHeader' in the AWS Authorization." },
  'unsupported-algorithm': {
    code: 'IncompleteSignature',
    message: (a) => `Unsupported AWS 'algorithm': '${a.algorithm}' (only AWS4-HMAC-SHA256 for now). `,
  },
  'credential-malformed': {
    code: 'IncompleteSignature',
    message: (a) =>
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${a.credential}'`,
  },
  'credential-scope-mismatch': { code: 'SignatureDoesNotMatch', message: (a) => a.problems.map(scopeSentence).join('') },
  // IAM's and STS's wording for a malformed X-Amz-Expires is not known (STS ignores the value and
  // allows 15 minutes); these are S3's messages for the same faults.
  'expires-not-a-number': { code: 'IncompleteSignature', message: () => 'X-Amz-Expires should be a number' },
  'expires-negative': { code: 'IncompleteSignature', message: () => 'X-Amz-Expires must be non-negative' },
  'expires-too-large': {
    code: 'IncompleteSignature',
    message: () =>
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
  },
  'unknown-access-key': { code: 'InvalidClientTokenId', message: () => INVALID_TOKEN_MESSAGE },
  // AWS does not tell an inactive key from an unknown one: both are InvalidClientTokenId. A deleted
  // user's keys are deleted with it, so they are unknown keys.
  'inactive-access-key': { code: 'InvalidClientTokenId', message: () => INVALID_TOKEN_MESSAGE },
  // What IAM and STS answer when X-Amz-Content-Sha256 disagrees with the body is not known (S3
  // answers XAmzContentSHA256Mismatch); the body is not what was signed, so this is a mismatch.
  'payload-hash-mismatch': { code: 'SignatureDoesNotMatch', message: () => SIGNATURE_MISMATCH_MESSAGE },
  'signature-mismatch': { code: 'SignatureDoesNotMatch', message: () => SIGNATURE_MISMATCH_MESSAGE },
};

/** What Gatehouse computed, for explaining a signature mismatch (never sent to the client). */
export interface SignatureMismatchDetail {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

export interface SigV4Error {
  readonly ok: false;
  readonly reason: SigV4Reason;
  readonly code: SigV4ErrorCode;
  readonly httpStatus: number;
  readonly message: string;
  /** The access key id named by the request, when it got far enough to name one. */
  readonly accessKeyId?: string;
  readonly detail?: SignatureMismatchDetail;
}

export function sigv4Error<R extends SigV4Reason>(
  reason: R,
  args: SigV4ReasonArgs[R],
  extra: { readonly accessKeyId?: string; readonly detail?: SignatureMismatchDetail } = {},
): SigV4Error {
  const entry = SIGV4_REASONS[reason];
  return {
    ok: false,
    reason,
    code: entry.code,
    httpStatus: SIGV4_ERROR_STATUS[entry.code],
    message: entry.message(args),
    ...extra,
  };
}
