/**
 * For the MFA suites: an authenticator app (the `otpauth` package, which shares no code with the
 * server's TOTP) loaded from what CreateVirtualMFADevice returned, and AWS's example policy that
 * lets IAM users manage their own MFA device (reference_policies_examples_iam_mfa-selfmanage,
 * "IAM: Allows IAM users to self-manage an MFA device", as AWS publishes it).
 */
import { Secret, TOTP } from 'otpauth';

export interface Authenticator {
  /** The code the app shows `offsetSteps` 30-second steps from `at` (default: now). */
  code(offsetSteps?: number, at?: number): string;
}

/** An authenticator loaded from CreateVirtualMFADevice's Base32StringSeed (the base32 text's bytes). */
export function authenticatorFor(base32StringSeed: Uint8Array): Authenticator {
  const totp = new TOTP({ secret: Secret.fromBase32(Buffer.from(base32StringSeed).toString('ascii')), algorithm: 'SHA1', digits: 6, period: 30 });
  return { code: (offsetSteps = 0, at = Date.now()) => totp.generate({ timestamp: at + offsetSteps * 30_000 }) };
}

/** AWS's "IAM: Allows IAM users to self-manage an MFA device" policy, verbatim. */
export const SELF_MANAGE_MFA_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowListActions', Effect: 'Allow', Action: ['iam:ListUsers', 'iam:ListVirtualMFADevices'], Resource: '*' },
    { Sid: 'AllowUserToCreateVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/*' },
    {
      Sid: 'AllowUserToManageTheirOwnMFA',
      Effect: 'Allow',
      Action: ['iam:EnableMFADevice', 'iam:GetMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
      Resource: 'arn:aws:iam::*:user/${aws:username}',
    },
    {
      Sid: 'AllowUserToDeactivateTheirOwnMFAOnlyWhenUsingMFA',
      Effect: 'Allow',
      Action: ['iam:DeactivateMFADevice'],
      Resource: ['arn:aws:iam::*:user/${aws:username}'],
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    },
    {
      Sid: 'BlockMostAccessUnlessSignedInWithMFA',
      Effect: 'Deny',
      NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ListUsers', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice'],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
});
