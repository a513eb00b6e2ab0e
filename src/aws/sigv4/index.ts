/** AWS Signature Version 4: verification of incoming requests, and the pure steps it is built from. */

export {
  verifyRequest,
  verifyRequestSync,
  DEFAULT_CLOCK_SKEW_SECONDS,
  MAX_EXPIRES_SECONDS,
  type SignedRequest,
  type SigningSecret,
  type SecretLookup,
  type VerifyOptions,
  type VerifyOptionsBase,
  type VerifySyncOptions,
  type VerifiedSignature,
  type VerificationResult,
} from './verify-request.js';
export {
  SIGV4_ERROR_STATUS,
  SIGV4_REASONS,
  sigv4Error,
  type SigV4Error,
  type SigV4ErrorCode,
  type SigV4Reason,
  type SigV4ReasonArgs,
  type ScopeProblem,
  type SignatureMismatchDetail,
} from './errors.js';
export { expectedSigningRegion, GLOBAL_SERVICE_SIGNING_REGION } from './signing-regions.js';
export { signRequest, presignRequest, type SigningCredentials, type SignOptions } from './sign-request.js';
export { SigningKeyCache, deriveSigningKey } from './signing-key.js';
export { canonicalRequest, type CanonicalRequestParts } from './canonical-request.js';
export { canonicalUri, normalizePath } from './canonical-uri.js';
export { canonicalQueryString, splitRawQuery, decodeQueryParams, type RawQueryParam } from './canonical-query.js';
export {
  canonicalHeaders,
  canonicalHeaderValue,
  indexHeaders,
  parseSignedHeaders,
  type RequestHeaders,
  type HeaderValues,
} from './canonical-headers.js';
export { payloadHash, sha256Hex, EMPTY_SHA256, UNSIGNED_PAYLOAD, type PayloadHash } from './payload-hash.js';
export { stringToSign, ALGORITHM } from './string-to-sign.js';
export { signatureHex, signaturesMatch } from './signature.js';
export { parseCredential, credentialScopeString, type Credential, type CredentialScope } from './credential-scope.js';
export { parseAmzDate, formatAmzDate, parseHttpDate } from './amz-date.js';
export { parseAuthorizationHeader, type ParsedAuthorization } from './authorization-header.js';
export { uriEncode, percentDecode } from './percent-encoding.js';
export type { SignatureForm } from './signed-parts.js';
