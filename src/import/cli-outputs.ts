/**
 * Recognises, by its shape, the JSON the unmodified AWS CLI prints for the read-only
 * Organizations and EKS calls a copy is made from, and reads collection bundles
 * (`gatehouse collect --out FILE`): a list of such outputs, each with the call's input.
 *
 * A few outputs do not name what they were asked about: `list-organizational-units-for-parent`
 * and `list-accounts-for-parent` (the parent), `list-targets-for-policy` (the policy) and
 * Organizations' `list-tags-for-resource` (the root, OU, account or policy). In a bundle the input
 * names it; in a file of its own the file's name must carry the ID (`ous-r-ab12.json`,
 * `targets-p-abcd1234.json`, `tags-111122223333.json`), as the README describes.
 */
import { basename } from 'node:path';
import { ImportFormatError } from './authorization-details.js';

type Obj = Readonly<Record<string, unknown>>;

export type OutputKind =
  | 'describe-organization'
  | 'list-roots'
  | 'list-organizational-units-for-parent'
  | 'list-accounts'
  | 'list-accounts-for-parent'
  | 'list-policies'
  | 'describe-policy'
  | 'list-targets-for-policy'
  | 'list-tags-for-resource'
  | 'list-clusters'
  | 'describe-cluster'
  | 'list-access-entries'
  | 'describe-access-entry'
  | 'list-associated-access-policies'
  | 'list-pod-identity-associations'
  | 'describe-pod-identity-association';

/** One CLI output with what the call was asked about, when the output does not say. */
export interface CliOutput {
  readonly kind: OutputKind;
  readonly output: Obj;
  /** The parent ID (OUs, accounts for parent), policy ID (targets), tagged resource's ID (tags) or cluster name (access entries). */
  readonly param?: string;
  /** The region of an EKS call, when known (bundles). */
  readonly region?: string;
  /** Where it came from, for messages: the file, and the call in a bundle. */
  readonly source: string;
}

/** The format version `gatehouse collect` writes in a bundle's `gatehouseCollection` member. */
export const BUNDLE_VERSION = 1;

/** One call of a bundle: the service, the CLI command name, the input as sent, the output as printed. */
export interface BundleCall {
  readonly service: 'organizations' | 'eks' | 'iam';
  readonly command: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly region?: string;
  readonly output: unknown;
}

export interface Bundle {
  readonly gatehouseCollection: number;
  readonly collectedAt: string;
  readonly calls: readonly BundleCall[];
  readonly gaps: readonly unknown[];
}

export function isBundle(v: unknown): v is Bundle {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'gatehouseCollection' in v;
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
// An ID in a file name: not inside a word (`for-parent` holds no root ID), ended by `.`, `_` or the end.
const PARENT_ID = /(?<![0-9A-Za-z])(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})(?![0-9a-z-])/;
const POLICY_ID = /(?<![0-9A-Za-z])(p-[0-9A-Za-z_]{8,128})(?![0-9A-Za-z_-])/;
const ACCOUNT_ID = /(?<![0-9A-Za-z])(\d{12})(?![0-9A-Za-z])/;

/**
 * The kind of a CLI output by its members; undefined when it is none of them (GetAccountAuthorizationDetails
 * output is recognised elsewhere). Organizations' ListPolicies is told from the IAM export's
 * `Policies` by its summaries' `Type`/`AwsManaged`.
 */
export function outputKind(v: unknown): OutputKind | undefined {
  if (!isObj(v)) return undefined;
  if (isObj(v.Organization)) return 'describe-organization';
  if (Array.isArray(v.Roots)) return 'list-roots';
  if (Array.isArray(v.OrganizationalUnits)) return 'list-organizational-units-for-parent';
  if (Array.isArray(v.Accounts)) return 'list-accounts';
  if (isObj(v.Policy) && isObj(v.Policy.PolicySummary)) return 'describe-policy';
  if (Array.isArray(v.Targets)) return 'list-targets-for-policy';
  if (Array.isArray(v.Policies) && !('UserDetailList' in v) && !('RoleDetailList' in v) && !('GroupDetailList' in v)) {
    const first = v.Policies[0] as unknown;
    if (isObj(first) && ('AwsManaged' in first || ('Type' in first && 'Id' in first))) return 'list-policies';
  }
  if (isObj(v.cluster)) return 'describe-cluster';
  if (Array.isArray(v.clusters)) return 'list-clusters';
  if (isObj(v.accessEntry)) return 'describe-access-entry';
  if (Array.isArray(v.accessEntries)) return 'list-access-entries';
  if (Array.isArray(v.associatedAccessPolicies) && typeof v.clusterName === 'string') return 'list-associated-access-policies';
  if (isObj(v.association)) return 'describe-pod-identity-association';
  if (Array.isArray(v.associations)) return 'list-pod-identity-associations';
  // Organizations' ListTagsForResource: a `Tags` list of Key/Value and nothing else (EKS's tags are a map).
  if (Array.isArray(v.Tags) && Object.keys(v).every((k) => k === 'Tags' || k === 'NextToken')) return 'list-tags-for-resource';
  return undefined;
}

/** A CLI output read from a file of its own; what it was asked about comes from the file name. */
export function fileOutput(kind: OutputKind, output: Obj, file: string): CliOutput {
  const name = basename(file);
  const parent = PARENT_ID.exec(name)?.[1];
  switch (kind) {
    case 'list-organizational-units-for-parent':
      if (parent === undefined) throw new ImportFormatError(`${file}: list-organizational-units-for-parent output does not name its parent; put the parent's ID (r-… or ou-…) in the file name, e.g. ous-${'r-ab12'}.json`);
      return { kind, output, param: parent, source: file };
    case 'list-accounts':
      // list-accounts-for-parent prints the same shape; the parent in the name tells them apart.
      return parent === undefined ? { kind, output, source: file } : { kind: 'list-accounts-for-parent', output, param: parent, source: file };
    case 'list-targets-for-policy': {
      const policy = POLICY_ID.exec(name)?.[1];
      if (policy === undefined) throw new ImportFormatError(`${file}: list-targets-for-policy output does not name its policy; put the policy's ID (p-…) in the file name, e.g. targets-p-FullAWSAccess.json`);
      return { kind, output, param: policy, source: file };
    }
    case 'list-tags-for-resource': {
      const resource = POLICY_ID.exec(name)?.[1] ?? parent ?? ACCOUNT_ID.exec(name)?.[1];
      if (resource === undefined) throw new ImportFormatError(`${file}: list-tags-for-resource output does not name its resource; put the root's, OU's, account's or policy's ID in the file name, e.g. tags-ou-ab12-cd34ef56.json`);
      return { kind, output, param: resource, source: file };
    }
    default:
      return { kind, output, source: file };
  }
}

const PARAMS: Partial<Record<OutputKind, string>> = {
  'list-organizational-units-for-parent': 'ParentId',
  'list-accounts-for-parent': 'ParentId',
  'list-targets-for-policy': 'PolicyId',
  'list-tags-for-resource': 'ResourceId',
  'list-access-entries': 'clusterName',
  'list-pod-identity-associations': 'clusterName',
};

const KINDS: ReadonlySet<string> = new Set<OutputKind>([
  'describe-organization',
  'list-roots',
  'list-organizational-units-for-parent',
  'list-accounts',
  'list-accounts-for-parent',
  'list-policies',
  'describe-policy',
  'list-targets-for-policy',
  'list-tags-for-resource',
  'list-clusters',
  'describe-cluster',
  'list-access-entries',
  'describe-access-entry',
  'list-associated-access-policies',
  'list-pod-identity-associations',
  'describe-pod-identity-association',
]);

/**
 * The outputs of a bundle, its GetAccountAuthorizationDetails outputs as they are, and its gaps in
 * words (`organizations:ListRoots {} denied (AccessDeniedException: …)`).
 */
export function bundleOutputs(b: Bundle, file: string): { outputs: CliOutput[]; authorizationDetails: unknown[]; gaps: string[] } {
  if (b.gatehouseCollection !== BUNDLE_VERSION) throw new ImportFormatError(`${file}: a collection bundle of version ${String(b.gatehouseCollection)}; this Gatehouse reads version ${BUNDLE_VERSION}`);
  if (!Array.isArray(b.calls)) throw new ImportFormatError(`${file}: a collection bundle needs a "calls" array`);
  const outputs: CliOutput[] = [];
  const authorizationDetails: unknown[] = [];
  for (const [i, call] of (b.calls as unknown[]).entries()) {
    if (!isObj(call) || typeof call.command !== 'string' || !isObj(call.output)) throw new ImportFormatError(`${file}: calls[${i}] needs "command" and an "output" object`);
    const where = `${file} calls[${i}] (${call.command})`;
    if (call.command === 'get-account-authorization-details') {
      if (call.service !== undefined && call.service !== 'iam') throw new ImportFormatError(`${where}: get-account-authorization-details is an IAM call, not ${JSON.stringify(call.service)}`);
      authorizationDetails.push(call.output);
      continue;
    }
    if (!KINDS.has(call.command)) throw new ImportFormatError(`${where}: not a command Gatehouse imports`);
    const kind = call.command as OutputKind;
    const input = isObj(call.input) ? call.input : {};
    const paramName = PARAMS[kind];
    const param = paramName === undefined ? undefined : input[paramName];
    if (paramName !== undefined && typeof param !== 'string') throw new ImportFormatError(`${where}: the input has no ${paramName}`);
    outputs.push({ kind, output: call.output, ...(typeof param === 'string' ? { param } : {}), ...(typeof call.region === 'string' ? { region: call.region } : {}), source: where });
  }
  const gaps = (Array.isArray(b.gaps) ? (b.gaps as unknown[]) : []).filter(isObj).map((g) => {
    const error = typeof g.error === 'string' ? ` (${g.error})` : '';
    return `${String(g.service)}:${String(g.operation)} ${JSON.stringify(g.input ?? {})} ${String(g.outcome)}${error}`;
  });
  return { outputs, authorizationDetails, gaps };
}
