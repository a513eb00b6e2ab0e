/**
 * The credential report's CSV (id_credentials_getting-report.md): one row for the root user
 * (`<root_account>`) and one per IAM user, in AWS's columns. Values are written as AWS writes
 * them: `true` / `false`, times as `2024-05-01T12:00:00+00:00`, `N/A` where a credential is
 * absent, `no_information` for a password never used, `not_supported` for the root user's
 * password columns.
 */
import type { AccessKeyRecord, IsoDate, LoginProfileRecord, PasswordPolicyRecord, SigningCertificateRecord } from '../../state/records.js';
import { passwordExpiry } from './password-rules.js';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

const NA = 'N/A';
const NO_INFORMATION = 'no_information';
const NOT_SUPPORTED = 'not_supported';

/** `2024-05-01T12:00:00+00:00`, as the credential report writes times. */
export function reportTime(iso: IsoDate | Date): string {
  const text = typeof iso === 'string' ? new Date(iso).toISOString() : iso.toISOString();
  return `${text.slice(0, 19)}+00:00`;
}

/** One row's facts, gathered from the store by `credential-report.ts`. */
export interface ReportSubject {
  /** The user name, or undefined for the root user. */
  readonly userName?: string;
  readonly arn: string;
  readonly created: IsoDate;
  /** The login profile; undefined when the user has no password. Ignored for the root user. */
  readonly loginProfile?: LoginProfileRecord;
  readonly passwordLastUsed?: IsoDate;
  readonly mfaActive: boolean;
  /** Oldest first; the report shows the first two. */
  readonly accessKeys: readonly AccessKeyRecord[];
  readonly signingCertificates: readonly SigningCertificateRecord[];
}

function bool(value: boolean): string {
  return value ? 'true' : 'false';
}

function passwordColumns(s: ReportSubject, policy: PasswordPolicyRecord | undefined): string[] {
  if (s.userName === undefined) {
    return [NOT_SUPPORTED, s.passwordLastUsed === undefined ? NO_INFORMATION : reportTime(s.passwordLastUsed), NOT_SUPPORTED, NOT_SUPPORTED];
  }
  const profile = s.loginProfile;
  if (profile === undefined) return ['false', NA, NA, NA];
  const next = passwordExpiry(profile.PasswordLastChanged, policy);
  return [
    'true',
    s.passwordLastUsed === undefined ? NO_INFORMATION : reportTime(s.passwordLastUsed),
    reportTime(profile.PasswordLastChanged),
    next === undefined ? NA : reportTime(next),
  ];
}

function accessKeyColumns(key: AccessKeyRecord | undefined): string[] {
  if (key === undefined) return ['false', NA, NA, NA, NA];
  const used = key.LastUsed;
  return [
    bool(key.Status === 'Active'),
    reportTime(key.CreateDate),
    used === undefined ? NA : reportTime(used.LastUsedDate),
    used === undefined ? NA : used.Region,
    used === undefined ? NA : used.ServiceName,
  ];
}

function certificateColumns(cert: SigningCertificateRecord | undefined): string[] {
  return cert === undefined ? ['false', NA] : [bool(cert.Status === 'Active'), reportTime(cert.UploadDate)];
}

/** A CSV field, quoted when it holds a comma, quote or line break (IAM names and ARNs never do). */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function reportRow(s: ReportSubject, policy: PasswordPolicyRecord | undefined): string {
  return [
    s.userName ?? '<root_account>',
    s.arn,
    reportTime(s.created),
    ...passwordColumns(s, policy),
    bool(s.mfaActive),
    ...accessKeyColumns(s.accessKeys[0]),
    ...accessKeyColumns(s.accessKeys[1]),
    ...certificateColumns(s.signingCertificates[0]),
    ...certificateColumns(s.signingCertificates[1]),
  ]
    .map(field)
    .join(',');
}

/** The whole report: the header line, then one line per subject (the root user first). */
export function credentialReportCsv(subjects: readonly ReportSubject[], policy: PasswordPolicyRecord | undefined): string {
  return [CREDENTIAL_REPORT_COLUMNS.join(','), ...subjects.map((s) => reportRow(s, policy))].join('\n');
}
