/**
 * An organization as the Organizations CLI outputs describe it: the organization, its root with
 * the enabled policy types, OUs with their parents, accounts with theirs, SCPs/RCPs (and other
 * types) with their documents, each policy's targets, and the tags of the root, OUs, accounts and
 * policies — with AWS's own IDs. Outputs that say
 * different things about one thing (an OU under two parents, a policy with two documents) are
 * an error naming both sources. Only the shapes are checked here; `load-org-eks.ts` checks the
 * whole against the store.
 */
import type { OrganizationPolicyType, PolicyTypeSummary, Tag } from '../state/records.js';
import { ImportFormatError } from './authorization-details.js';
import type { CliOutput } from './cli-outputs.js';

type Obj = Readonly<Record<string, unknown>>;

export interface ImportedOrganization {
  readonly Id: string;
  readonly Arn: string;
  readonly FeatureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  readonly MasterAccountId: string;
  readonly MasterAccountEmail: string;
}

export interface ImportedRoot {
  readonly Id: string;
  readonly Name: string;
  readonly PolicyTypes: readonly PolicyTypeSummary[];
}

export interface ImportedAccount {
  readonly Id: string;
  readonly Name: string;
  readonly Email: string;
  readonly Status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  readonly JoinedMethod: 'INVITED' | 'CREATED';
  readonly JoinedTimestamp: string;
}

export interface ImportedPolicy {
  readonly Id: string;
  readonly Arn: string;
  readonly Name: string;
  readonly Description: string;
  readonly Type: OrganizationPolicyType;
  readonly AwsManaged: boolean;
  /** From describe-policy; absent when only list-policies named it. */
  readonly Content?: string;
}

export interface OrganizationSnapshot {
  organization?: ImportedOrganization;
  root?: ImportedRoot;
  readonly ous: Map<string, { readonly Id: string; readonly Name: string; readonly ParentId: string }>;
  readonly accounts: Map<string, ImportedAccount>;
  readonly accountParents: Map<string, string>;
  readonly policies: Map<string, ImportedPolicy>;
  /** Targets by policy ID (a complete list per policy: list-targets-for-policy). */
  readonly targets: Map<string, string[]>;
  /** Tags by resource ID (root, OU, account or policy; a complete list: list-tags-for-resource). */
  readonly tags: Map<string, Tag[]>;
  /** Where each fact came from, for conflict messages. */
  readonly sources: Map<string, string>;
}

export function emptyOrganizationSnapshot(): OrganizationSnapshot {
  return { ous: new Map(), accounts: new Map(), accountParents: new Map(), policies: new Map(), targets: new Map(), tags: new Map(), sources: new Map() };
}

export function hasOrganizationData(s: OrganizationSnapshot): boolean {
  return s.organization !== undefined || s.root !== undefined || s.ous.size > 0 || s.accounts.size > 0 || s.policies.size > 0 || s.targets.size > 0 || s.tags.size > 0;
}

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ACCOUNT_ID = /^\d{12}$/;
const POLICY_ID = /^p-[0-9a-zA-Z_]{8,128}$/;
const POLICY_TYPES: ReadonlySet<string> = new Set<OrganizationPolicyType>([
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'TAG_POLICY',
  'BACKUP_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'CHATBOT_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'SECURITYHUB_POLICY',
  'INSPECTOR_POLICY',
  'UPGRADE_ROLLOUT_POLICY',
  'BEDROCK_POLICY',
  'S3_POLICY',
  'NETWORK_SECURITY_DIRECTOR_POLICY',
]);

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function str(o: Obj, key: string, where: string, form?: RegExp): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new ImportFormatError(`${where}: no ${key}`);
  if (form !== undefined && !form.test(v)) throw new ImportFormatError(`${where}: ${key} ${JSON.stringify(v)} is not of the form Organizations gives it`);
  return v;
}

function objects(v: unknown, member: string, where: string): Obj[] {
  if (!Array.isArray(v)) throw new ImportFormatError(`${where}: ${member} is not a list`);
  return v.map((x, i) => {
    if (!isObj(x)) throw new ImportFormatError(`${where}: ${member}[${i}] is not an object`);
    return x;
  });
}

function isoDate(v: unknown, where: string): string {
  // The CLI v1 prints timestamps as the service sent them: JSON protocols send epoch seconds.
  const d = typeof v === 'number' ? new Date(v * 1000) : typeof v === 'string' ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new ImportFormatError(`${where}: not a date: ${JSON.stringify(v)}`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Records a fact, or checks it against the one recorded before: a difference is a conflict. */
function agree<T>(s: OrganizationSnapshot, map: Map<string, T>, key: string, value: T, what: string, source: string, same: (a: T, b: T) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b)): void {
  const before = map.get(key);
  const sourceKey = `${what}|${key}`;
  if (before !== undefined && !same(before, value)) {
    throw new ImportFormatError(`${what} ${key} differs between ${s.sources.get(sourceKey) ?? 'an earlier file'} and ${source}: import outputs of one moment`);
  }
  map.set(key, value);
  if (!s.sources.has(sourceKey)) s.sources.set(sourceKey, source);
}

function policyType(v: unknown, where: string): OrganizationPolicyType {
  if (typeof v !== 'string' || !POLICY_TYPES.has(v)) throw new ImportFormatError(`${where}: unknown policy type ${JSON.stringify(v)}`);
  return v as OrganizationPolicyType;
}

function policySummary(p: Obj, where: string, content?: string): ImportedPolicy {
  const id = str(p, 'Id', where, POLICY_ID);
  return {
    Id: id,
    Arn: str(p, 'Arn', where),
    Name: str(p, 'Name', where),
    Description: typeof p.Description === 'string' ? p.Description : '',
    Type: policyType(p.Type, `${where} ${id}`),
    AwsManaged: p.AwsManaged === true,
    ...(content !== undefined ? { Content: content } : {}),
  };
}

/** Adds one Organizations output to the snapshot. */
export function addOrganizationOutput(s: OrganizationSnapshot, o: CliOutput): void {
  const where = o.source;
  const out = o.output;
  switch (o.kind) {
    case 'describe-organization': {
      const org = out.Organization as Obj;
      const value: ImportedOrganization = {
        Id: str(org, 'Id', where, ORGANIZATION_ID),
        Arn: str(org, 'Arn', where),
        FeatureSet: org.FeatureSet === 'CONSOLIDATED_BILLING' ? 'CONSOLIDATED_BILLING' : 'ALL',
        MasterAccountId: str(org, 'MasterAccountId', where, ACCOUNT_ID),
        MasterAccountEmail: typeof org.MasterAccountEmail === 'string' ? org.MasterAccountEmail : '',
      };
      if (s.organization !== undefined && JSON.stringify(s.organization) !== JSON.stringify(value)) throw new ImportFormatError(`${where}: describes organization ${value.Id}, another file ${s.organization.Id}`);
      s.organization = value;
      return;
    }
    case 'list-roots': {
      const roots = objects(out.Roots, 'Roots', where);
      if (roots.length !== 1) throw new ImportFormatError(`${where}: an organization has exactly one root, this lists ${roots.length}`);
      const r = roots[0]!;
      const value: ImportedRoot = {
        Id: str(r, 'Id', where, ROOT_ID),
        Name: typeof r.Name === 'string' ? r.Name : 'Root',
        PolicyTypes: (Array.isArray(r.PolicyTypes) ? objects(r.PolicyTypes, 'PolicyTypes', where) : []).map((t) => ({
          Type: policyType(t.Type, where),
          Status: t.Status === 'PENDING_ENABLE' || t.Status === 'PENDING_DISABLE' ? t.Status : 'ENABLED',
        })),
      };
      if (s.root !== undefined && JSON.stringify(s.root) !== JSON.stringify(value)) throw new ImportFormatError(`${where}: root ${value.Id} differs from another file's root ${s.root.Id}`);
      s.root = value;
      return;
    }
    case 'list-organizational-units-for-parent': {
      const parent = o.param!;
      if (!ROOT_ID.test(parent) && !OU_ID.test(parent)) throw new ImportFormatError(`${where}: parent ${parent} is not a root or OU ID`);
      for (const u of objects(out.OrganizationalUnits, 'OrganizationalUnits', where)) {
        const id = str(u, 'Id', where, OU_ID);
        agree(s, s.ous, id, { Id: id, Name: str(u, 'Name', where), ParentId: parent }, 'OU', where);
      }
      return;
    }
    case 'list-accounts':
    case 'list-accounts-for-parent': {
      for (const a of objects(out.Accounts, 'Accounts', where)) {
        const id = str(a, 'Id', where, ACCOUNT_ID);
        const status = a.Status === 'SUSPENDED' || a.Status === 'PENDING_CLOSURE' ? a.Status : 'ACTIVE';
        const account: ImportedAccount = {
          Id: id,
          Name: typeof a.Name === 'string' ? a.Name : id,
          Email: typeof a.Email === 'string' ? a.Email : '',
          Status: status,
          JoinedMethod: a.JoinedMethod === 'INVITED' ? 'INVITED' : 'CREATED',
          JoinedTimestamp: a.JoinedTimestamp === undefined ? '1970-01-01T00:00:00Z' : isoDate(a.JoinedTimestamp, `${where} ${id}`),
        };
        agree(s, s.accounts, id, account, 'account', where);
        if (o.kind === 'list-accounts-for-parent') {
          const parent = o.param!;
          if (!ROOT_ID.test(parent) && !OU_ID.test(parent)) throw new ImportFormatError(`${where}: parent ${parent} is not a root or OU ID`);
          agree(s, s.accountParents, id, parent, 'the parent of account', where);
        }
      }
      return;
    }
    case 'list-policies':
      for (const p of objects(out.Policies, 'Policies', where)) {
        const summary = policySummary(p, where);
        const before = s.policies.get(summary.Id);
        const merged = before?.Content !== undefined ? { ...summary, Content: before.Content } : summary;
        agree(s, s.policies, summary.Id, merged, 'policy', where);
      }
      return;
    case 'describe-policy': {
      const p = out.Policy as Obj;
      const content = p.Content;
      if (typeof content !== 'string') throw new ImportFormatError(`${where}: the policy has no Content`);
      const summary = policySummary(p.PolicySummary as Obj, where, content);
      const before = s.policies.get(summary.Id);
      if (before !== undefined && before.Content === undefined) s.policies.delete(summary.Id);
      agree(s, s.policies, summary.Id, summary, 'policy', where);
      return;
    }
    case 'list-targets-for-policy': {
      const policy = o.param!;
      if (!POLICY_ID.test(policy)) throw new ImportFormatError(`${where}: ${policy} is not a policy ID`);
      const ids = objects(out.Targets, 'Targets', where).map((t) => {
        const id = str(t, 'TargetId', where);
        if (!ROOT_ID.test(id) && !OU_ID.test(id) && !ACCOUNT_ID.test(id)) throw new ImportFormatError(`${where}: target ${id} is not a root, OU or account ID`);
        return id;
      });
      agree(s, s.targets, policy, [...ids].sort(), 'the targets of policy', where);
      return;
    }
    case 'list-tags-for-resource': {
      const id = o.param!;
      if (!ROOT_ID.test(id) && !OU_ID.test(id) && !ACCOUNT_ID.test(id) && !POLICY_ID.test(id)) throw new ImportFormatError(`${where}: ${id} is not a root, OU, account or policy ID`);
      const tags = objects(out.Tags, 'Tags', where).map((t, i): Tag => {
        // Organizations' limits: keys of 1 to 128 characters, values of 0 to 256.
        if (typeof t.Key !== 'string' || t.Key.length === 0 || t.Key.length > 128) throw new ImportFormatError(`${where}: Tags[${i}] has no Key of 1 to 128 characters`);
        if (typeof t.Value !== 'string' || t.Value.length > 256) throw new ImportFormatError(`${where}: Tags[${i}] (${t.Key}) has no Value of at most 256 characters`);
        return { Key: t.Key, Value: t.Value };
      });
      if (new Set(tags.map((t) => t.Key)).size !== tags.length) throw new ImportFormatError(`${where}: a tag key is listed twice`);
      // In the order listed: ListTagsForResource on the copy gives them back in that order.
      agree(s, s.tags, id, tags, 'the tags of', where);
      return;
    }
    default:
      throw new ImportFormatError(`${where}: not an Organizations output`);
  }
}
