/** The STS service: every operation Gatehouse serves, in one table the server reads. */
import { operationTable, type OperationTable } from '../operation.js';
import { getAccessKeyInfo } from './access-key-info.js';
import { assumeRole } from './assume-role.js';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.js';
import { assumeRoleWithSaml } from './assume-role-with-saml.js';
import { decodeAuthorizationMessage } from './authorization-message.js';
import { getCallerIdentity } from './caller-identity.js';
import { getFederationToken } from './federation-token.js';
import { getSessionToken } from './session-token-operation.js';

export const stsOperations: OperationTable = operationTable([
  getCallerIdentity,
  assumeRole,
  assumeRoleWithWebIdentity,
  assumeRoleWithSaml,
  getSessionToken,
  getFederationToken,
  getAccessKeyInfo,
  decodeAuthorizationMessage,
]);
