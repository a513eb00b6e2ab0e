/**
 * The password rules IAM enforces whenever a password is set (CreateLoginProfile,
 * UpdateLoginProfile, ChangePassword): the account's custom password policy, or without one the
 * default policy (id_credentials_passwords_account-policy.md): at least 8 characters and at least
 * three of uppercase, lowercase, numbers and the symbols `! @ # $ % ^ & * ( ) _ + - = [ ] { } | '`.
 *
 * AWS's words, from recorded PasswordPolicyViolation answers:
 *   "Password should have a minimum length of 8"
 *   "Password should meet 1 more of the following requirements: Password should have at least one
 *    uppercase letter, Password should have at least one symbol"
 * The lowercase and number requirements are worded like the recorded uppercase and symbol ones;
 * how AWS joins several failed requirements of a custom policy is not known (joined here with
 * ", ", as the recorded list is), nor its wording for a reused password.
 */
import type { PasswordPolicyRecord } from '../../state/records.js';

export const DEFAULT_MINIMUM_LENGTH = 8;
/** The default policy's "at least three of the four character types". */
const DEFAULT_TYPES_REQUIRED = 3;

const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'");

type CharacterType = 'uppercase' | 'lowercase' | 'number' | 'symbol';

const TYPE_RULES: readonly { readonly type: CharacterType; readonly test: (c: string) => boolean; readonly message: string }[] = [
  { type: 'uppercase', test: (c) => c >= 'A' && c <= 'Z', message: 'Password should have at least one uppercase letter' },
  { type: 'lowercase', test: (c) => c >= 'a' && c <= 'z', message: 'Password should have at least one lowercase letter' },
  { type: 'number', test: (c) => c >= '0' && c <= '9', message: 'Password should have at least one number' },
  { type: 'symbol', test: (c) => SYMBOLS.has(c), message: 'Password should have at least one symbol' },
];

const REQUIRED_BY: Readonly<Record<CharacterType, keyof PasswordPolicyRecord>> = {
  uppercase: 'RequireUppercaseCharacters',
  lowercase: 'RequireLowercaseCharacters',
  number: 'RequireNumbers',
  symbol: 'RequireSymbols',
};

function lengthMessage(minimum: number): string {
  return `Password should have a minimum length of ${minimum}`;
}

/** AWS's PasswordPolicyViolation message for `password`, or undefined when the policy is met. */
export function passwordPolicyViolation(password: string, policy: PasswordPolicyRecord | undefined): string | undefined {
  const chars = [...password];
  const missing = TYPE_RULES.filter((rule) => !chars.some(rule.test));
  const failures: string[] = [];
  if (policy === undefined) {
    if (chars.length < DEFAULT_MINIMUM_LENGTH) failures.push(lengthMessage(DEFAULT_MINIMUM_LENGTH));
    const present = TYPE_RULES.length - missing.length;
    if (present < DEFAULT_TYPES_REQUIRED) {
      const more = DEFAULT_TYPES_REQUIRED - present;
      failures.push(`Password should meet ${more} more of the following requirements: ${missing.map((m) => m.message).join(', ')}`);
    }
  } else {
    if (chars.length < policy.MinimumPasswordLength) failures.push(lengthMessage(policy.MinimumPasswordLength));
    for (const rule of missing) if (policy[REQUIRED_BY[rule.type]] === true) failures.push(rule.message);
  }
  return failures.length === 0 ? undefined : failures.join(', ');
}

/** The message for a password among the last `remembered` ones. AWS's wording is not known. */
export function passwordReusedMessage(remembered: number): string {
  return `Password should not be one of your previous ${remembered} passwords`;
}

/** When a password set at `lastChanged` expires under the policy; undefined when passwords do not expire. */
export function passwordExpiry(lastChanged: string, policy: PasswordPolicyRecord | undefined): Date | undefined {
  if (policy?.MaxPasswordAge === undefined) return undefined;
  return new Date(Date.parse(lastChanged) + policy.MaxPasswordAge * 86_400_000);
}
