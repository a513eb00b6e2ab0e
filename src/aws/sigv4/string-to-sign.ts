/** The string to sign: algorithm, request time, credential scope, hash of the canonical request. */

import { credentialScopeString, type CredentialScope } from './credential-scope.js';
import { sha256Hex } from './payload-hash.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** `amzDate` is the request time in ISO 8601 basic format (`20150830T123600Z`). */
export function stringToSign(amzDate: string, scope: CredentialScope, canonicalRequestText: string): string {
  return `${ALGORITHM}\n${amzDate}\n${credentialScopeString(scope)}\n${sha256Hex(canonicalRequestText)}`;
}
