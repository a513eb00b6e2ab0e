/**
 * MFA for STS: a SerialNumber and TokenCode given to AssumeRole or GetSessionToken are checked
 * against the caller's MFA devices, and make the session MFA-authenticated.
 *
 * AWS's answers: a serial number that names no device of the caller, "MultiFactorAuthentication
 * failed, unable to validate MFA code. Please verify your MFA serial number is valid and
 * associated with this user."; a wrong code, "MultiFactorAuthentication failed with invalid MFA one
 * time pass code." (both AccessDenied, as reported by users of the AWS CLI).
 */
import { AwsError } from '../../aws/aws-error.js';
import type { OperationContext } from '../operation.js';
import { verifyTotp } from '../iam/mfa-verification.js';

/**
 * Checks one code of one of the caller's devices: true or false, or undefined when the serial
 * number names no device of the caller.
 */
async function checkCode(ctx: OperationContext, serialNumber: string, code: string): Promise<boolean | undefined> {
  const check = await verifyTotp({ store: ctx.store, sealer: ctx.sealer, accountId: ctx.caller.accountId }, serialNumber, code, ctx.now);
  if (check.ok) return check.userId === ctx.caller.userId ? true : undefined;
  return check.reason === 'no-such-device' || check.reason === 'not-enabled' ? undefined : false;
}

export const MFA_UNKNOWN_DEVICE = 'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.';
export const MFA_INVALID_CODE = 'MultiFactorAuthentication failed with invalid MFA one time pass code. ';

/**
 * The time MFA was verified (now, in seconds), when a serial number and code were given and hold;
 * undefined when none were given. Throws AccessDenied when they do not hold.
 */
export async function verifyMfa(ctx: OperationContext, serialNumber: string | undefined, code: string | undefined): Promise<number | undefined> {
  if (serialNumber === undefined && code === undefined) return undefined;
  if (serialNumber === undefined || code === undefined) throw new AwsError('AccessDenied', MFA_UNKNOWN_DEVICE, 403);
  const ok = await checkCode(ctx, serialNumber, code);
  if (ok === undefined) throw new AwsError('AccessDenied', MFA_UNKNOWN_DEVICE, 403);
  if (!ok) throw new AwsError('AccessDenied', MFA_INVALID_CODE.trim(), 403);
  return Math.floor(ctx.now.getTime() / 1000);
}
