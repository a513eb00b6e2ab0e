/**
 * What temporary credentials may not call, by how they were made (id_credentials_temp_request.md,
 * "Comparing your API options"):
 * - GetSessionToken: no IAM operation unless MFA was given; of STS only AssumeRole and
 *   GetCallerIdentity.
 * - GetFederationToken: no IAM operation; of STS only GetCallerIdentity.
 * - AssumeRole*: not GetFederationToken nor GetSessionToken.
 *
 * AWS's answers: STS refuses GetSessionToken and GetFederationToken called with session
 * credentials with AccessDenied "Cannot call GetSessionToken with session credentials" (the
 * recorded wording); IAM refuses credentials it does not take with InvalidClientTokenId, as it does
 * any security token it does not accept. For the other STS operations refused to federated and
 * GetSessionToken sessions AWS's wording is not known; the same "Cannot call X with session
 * credentials" is given.
 */
import { AwsError } from '../../aws/aws-error.js';
import type { SessionClaims } from './session-token.js';

const STS_ALLOWED: Readonly<Record<SessionClaims['kind'], ReadonlySet<string> | undefined>> = {
  user: new Set(['AssumeRole', 'GetCallerIdentity']),
  federated: new Set(['GetCallerIdentity']),
  // Role sessions may call every STS operation but these two.
  role: undefined,
};

const NEVER_WITH_SESSIONS: ReadonlySet<string> = new Set(['GetSessionToken', 'GetFederationToken']);

/** The error a session's request gets, or undefined when the session may make it. */
export function sessionRestriction(session: SessionClaims, service: string, operation: string): AwsError | undefined {
  if (service === 'iam') {
    const allowed = session.kind === 'role' || (session.kind === 'user' && session.mfaAt !== undefined);
    return allowed ? undefined : new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid', 403);
  }
  if (service !== 'sts') return undefined;
  const allowed = STS_ALLOWED[session.kind];
  if (NEVER_WITH_SESSIONS.has(operation) || (allowed !== undefined && !allowed.has(operation))) {
    return new AwsError('AccessDenied', `Cannot call ${operation} with session credentials`, 403);
  }
  return undefined;
}
