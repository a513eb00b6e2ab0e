/**
 * GetSessionToken: temporary credentials for an IAM user (or the root user) itself, typically to
 * carry MFA (id_credentials_temp_control-access_getsessiontoken.md). No permission is needed: it is
 * an authentication operation. 15 minutes to 36 hours for users (12 hours by default); the root
 * user's sessions last at most an hour, and a longer request gets an hour.
 */
import { AwsError } from '../../aws/aws-error.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { OperationDef } from '../operation.js';
import { optionalNumber, optionalString } from '../iam/input-fields.js';
import { verifyMfa } from './mfa.js';
import { issueCredentials } from './session-inputs.js';

export const getSessionToken: OperationDef = {
  name: 'GetSessionToken',
  readOnly: true,
  authorize: () => [],
  async handler(input: WireRecord, ctx) {
    const caller = ctx.caller;
    if (caller.principal.type !== 'user' && caller.principal.type !== 'root') {
      // Sessions are refused before this point; other principals cannot sign at all.
      throw new AwsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403);
    }
    const root = caller.principal.type === 'root';
    const requested = optionalNumber(input, 'DurationSeconds');
    const duration = root ? Math.min(requested ?? 3600, 3600) : (requested ?? 43_200);
    const mfaAt = await verifyMfa(ctx, optionalString(input, 'SerialNumber'), optionalString(input, 'TokenCode'));
    const { credentials } = issueCredentials(ctx, caller.accountId, duration, {
      kind: 'user',
      userId: caller.userId,
      ...(mfaAt !== undefined ? { mfaAt } : {}),
    });
    return { Credentials: credentials };
  },
};
