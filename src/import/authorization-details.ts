/**
 * GetAccountAuthorizationDetails output as Gatehouse's records: users, groups, roles and customer
 * managed policies with their IDs, paths, dates, tags, boundaries, inline policies, attachments,
 * group memberships and every policy version — so that exporting them again gives back the same
 * entities and documents. Each entity's account is the one its ARN names. AWS managed policies are
 * not records (Gatehouse carries them as data); attachments name them by ARN.
 *
 * Accepted shapes: the AWS CLI's merged output (documents decoded to JSON), one SDK or API page
 * (documents URL-encoded), or an array of pages.
 */
import type {
  GroupRecord,
  InlinePolicyRecord,
  ManagedPolicyRecord,
  PolicyAttachmentRecord,
  PolicyHolderType,
  PolicyVersionRecord,
  RoleRecord,
  Tag,
  UserRecord,
} from '../state/records.js';
import { isoSeconds } from '../aws/iso-seconds.js';

export class ImportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFormatError';
  }
}

type Obj = Readonly<Record<string, unknown>>;

/** One holder's policies and, for users, the groups it belongs to by name. */
export interface DetailRecords {
  readonly users: UserRecord[];
  readonly groups: GroupRecord[];
  readonly roles: RoleRecord[];
  readonly policies: ManagedPolicyRecord[];
  readonly versions: PolicyVersionRecord[];
  readonly inline: InlinePolicyRecord[];
  readonly attachments: PolicyAttachmentRecord[];
  /** Memberships by group name: the group may come in another page or file. */
  readonly memberships: { readonly accountId: string; readonly userId: string; readonly groupName: string }[];
  readonly accounts: Set<string>;
}

export function emptyRecords(): DetailRecords {
  return { users: [], groups: [], roles: [], policies: [], versions: [], inline: [], attachments: [], memberships: [], accounts: new Set() };
}

/** Whether a parsed JSON value looks like GetAccountAuthorizationDetails output (or pages of it). */
export function isAuthorizationDetails(v: unknown): boolean {
  const page = Array.isArray(v) ? (v[0] as unknown) : v;
  if (page === null || typeof page !== 'object') return false;
  return ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].some((k) => k in page);
}

/** Adds the records of one output (or array of pages) to `out`. */
export function detailRecords(v: unknown, out: DetailRecords = emptyRecords()): DetailRecords {
  const pages = Array.isArray(v) ? v : [v];
  for (const page of pages) {
    if (page === null || typeof page !== 'object') throw new ImportFormatError('a page of GetAccountAuthorizationDetails output must be an object');
    const p = page as Obj;
    for (const u of list(p.UserDetailList)) user(u, out);
    for (const g of list(p.GroupDetailList)) group(g, out);
    for (const r of list(p.RoleDetailList)) role(r, out);
    for (const m of list(p.Policies)) policy(m, out);
  }
  return out;
}

function list(v: unknown): Obj[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ImportFormatError('a detail list must be an array');
  return v as Obj[];
}

function str(o: Obj, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new ImportFormatError(`${what} has no ${key}`);
  return v;
}

/** The account an IAM ARN names. */
function accountOf(arn: string, out: DetailRecords): string {
  const m = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(arn);
  if (m === null) throw new ImportFormatError(`${arn} is not an IAM ARN of an account`);
  out.accounts.add(m[1]!);
  return m[1]!;
}

function date(v: unknown): string {
  const d = v instanceof Date ? v : typeof v === 'string' || typeof v === 'number' ? new Date(v) : new Date(NaN);
  return Number.isNaN(d.getTime()) ? isoSeconds(new Date(0)) : isoSeconds(d);
}

/** A document as stored: JSON text (the CLI gives objects, the API URL-encoded text). */
function documentText(v: unknown, what: string): string {
  if (typeof v === 'string') {
    const text = v.trimStart().startsWith('{') ? v : safeDecode(v);
    try {
      JSON.parse(text);
    } catch {
      throw new ImportFormatError(`${what}: the document is not JSON`);
    }
    return text;
  }
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  throw new ImportFormatError(`${what} has no document`);
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

function tags(v: unknown): Tag[] {
  return list(v).map((t) => ({ Key: typeof t.Key === 'string' ? t.Key : '', Value: typeof t.Value === 'string' ? t.Value : '' }));
}

function boundary(v: unknown): { PermissionsBoundaryType: 'PermissionsBoundaryPolicy'; PermissionsBoundaryArn: string } | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const arn = (v as Obj).PermissionsBoundaryArn;
  return typeof arn === 'string' ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn } : undefined;
}

function holderPolicies(accountId: string, type: PolicyHolderType, id: string, inline: unknown, attached: unknown, what: string, out: DetailRecords): void {
  for (const p of list(inline)) {
    const name = str(p, 'PolicyName', `an inline policy of ${what}`);
    out.inline.push({ AccountId: accountId, PrincipalType: type, PrincipalId: id, PolicyName: name, PolicyDocument: documentText(p.PolicyDocument, `inline policy ${name} of ${what}`) });
  }
  for (const a of list(attached)) {
    const arn = str(a, 'PolicyArn', `an attached policy of ${what}`);
    out.attachments.push({ AccountId: accountId, PrincipalType: type, PrincipalId: id, PolicyArn: arn, PolicyName: typeof a.PolicyName === 'string' ? a.PolicyName : arn.slice(arn.lastIndexOf('/') + 1) });
  }
}

function user(u: Obj, out: DetailRecords): void {
  const arn = str(u, 'Arn', 'a user');
  const accountId = accountOf(arn, out);
  const id = str(u, 'UserId', arn);
  const b = boundary(u.PermissionsBoundary);
  out.users.push({ AccountId: accountId, Path: typeof u.Path === 'string' ? u.Path : '/', UserName: str(u, 'UserName', arn), UserId: id, Arn: arn, CreateDate: date(u.CreateDate), ...(b !== undefined ? { PermissionsBoundary: b } : {}), Tags: tags(u.Tags) });
  holderPolicies(accountId, 'user', id, u.UserPolicyList, u.AttachedManagedPolicies, arn, out);
  for (const g of Array.isArray(u.GroupList) ? (u.GroupList as unknown[]) : []) if (typeof g === 'string') out.memberships.push({ accountId, userId: id, groupName: g });
}

function group(g: Obj, out: DetailRecords): void {
  const arn = str(g, 'Arn', 'a group');
  const accountId = accountOf(arn, out);
  const id = str(g, 'GroupId', arn);
  out.groups.push({ AccountId: accountId, Path: typeof g.Path === 'string' ? g.Path : '/', GroupName: str(g, 'GroupName', arn), GroupId: id, Arn: arn, CreateDate: date(g.CreateDate) });
  holderPolicies(accountId, 'group', id, g.GroupPolicyList, g.AttachedManagedPolicies, arn, out);
}

function role(r: Obj, out: DetailRecords): void {
  const arn = str(r, 'Arn', 'a role');
  const accountId = accountOf(arn, out);
  const id = str(r, 'RoleId', arn);
  const b = boundary(r.PermissionsBoundary);
  const lastUsed = r.RoleLastUsed as Obj | undefined;
  const last = lastUsed !== undefined && lastUsed !== null && (lastUsed.LastUsedDate !== undefined || lastUsed.Region !== undefined)
    ? { ...(lastUsed.LastUsedDate !== undefined ? { LastUsedDate: date(lastUsed.LastUsedDate) } : {}), ...(typeof lastUsed.Region === 'string' ? { Region: lastUsed.Region } : {}) }
    : undefined;
  out.roles.push({
    AccountId: accountId,
    Path: typeof r.Path === 'string' ? r.Path : '/',
    RoleName: str(r, 'RoleName', arn),
    RoleId: id,
    Arn: arn,
    CreateDate: date(r.CreateDate),
    AssumeRolePolicyDocument: documentText(r.AssumeRolePolicyDocument, `the trust policy of ${arn}`),
    // Not a member of RoleDetail: IAM's default.
    MaxSessionDuration: 3600,
    ...(b !== undefined ? { PermissionsBoundary: b } : {}),
    Tags: tags(r.Tags),
    ...(last !== undefined ? { RoleLastUsed: last } : {}),
  });
  holderPolicies(accountId, 'role', id, r.RolePolicyList, r.AttachedManagedPolicies, arn, out);
}

const AWS_MANAGED = /^arn:aws[\w-]*:iam::aws:policy\//;

function policy(m: Obj, out: DetailRecords): void {
  const arn = str(m, 'Arn', 'a managed policy');
  if (AWS_MANAGED.test(arn)) return;
  const accountId = accountOf(arn, out);
  const id = str(m, 'PolicyId', arn);
  const versions = list(m.PolicyVersionList);
  const defaultVersion = typeof m.DefaultVersionId === 'string' ? m.DefaultVersionId : (versions.find((v) => v.IsDefaultVersion === true)?.VersionId as string | undefined) ?? 'v1';
  let highest = 0;
  for (const v of versions) {
    const vid = str(v, 'VersionId', `a version of ${arn}`);
    highest = Math.max(highest, Number(/^v(\d+)$/.exec(vid)?.[1] ?? 0));
    out.versions.push({ AccountId: accountId, PolicyId: id, VersionId: vid, Document: documentText(v.Document, `${arn} ${vid}`), CreateDate: date(v.CreateDate) });
  }
  if (versions.length === 0) throw new ImportFormatError(`${arn} has no PolicyVersionList: export with GetAccountAuthorizationDetails, which lists every version`);
  out.policies.push({
    AccountId: accountId,
    PolicyName: str(m, 'PolicyName', arn),
    PolicyId: id,
    Arn: arn,
    Path: typeof m.Path === 'string' ? m.Path : '/',
    DefaultVersionId: defaultVersion,
    LastVersionNumber: highest,
    IsAttachable: m.IsAttachable !== false,
    ...(typeof m.Description === 'string' ? { Description: m.Description } : {}),
    CreateDate: date(m.CreateDate),
    UpdateDate: date(m.UpdateDate ?? m.CreateDate),
    Tags: [],
  });
}
