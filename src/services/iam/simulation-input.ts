/**
 * The policy simulator's inputs, read and checked as IAM does: the entity a PolicySourceArn names,
 * the policies given as strings, the simulated caller and resource owner, the context entries and
 * the EC2 resource-handling scenarios (the SimulatePrincipalPolicy / SimulateCustomPolicy API
 * reference).
 */
import { isAccountId, parseArn, parseIdentityArn } from '../../aws/arn.js';
import { awsErrors } from '../../aws/aws-error.js';
import { isWireRecord, type WireRecord, type WireValue } from '../../aws/wire-value.js';
import { parsePolicy } from '../../policy/index.js';
import type { CompiledPolicy, ContextValue, PolicyKind } from '../../policy/types.js';
import type { OperationContext, PolicyHolder } from '../operation.js';
import { iamMessages } from './iam-messages.js';
import { optionalString, stringList } from './input-fields.js';

/** The entity a PolicySourceArn names, found in the caller's account. */
export async function policySource(ctx: OperationContext, arn: string): Promise<PolicyHolder> {
  const parsed = parseIdentityArn(arn);
  if (parsed?.kind !== 'iam-resource' || parsed.accountId === 'aws' || !(parsed.type === 'user' || parsed.type === 'group' || parsed.type === 'role')) {
    throw iamMessages.invalidEntityArn(arn);
  }
  if (parsed.accountId !== ctx.accountId) throw iamMessages.policySourceOfOtherAccount(ctx.accountId, parsed.accountId);
  const read = ctx.store.read;
  switch (parsed.type) {
    case 'user': {
      const record = await read.users.getByName(ctx.accountId, parsed.name);
      if (record === undefined) throw awsErrors.noSuchEntity('user', parsed.name);
      return { kind: 'user', record };
    }
    case 'group': {
      const record = await read.groups.getByName(ctx.accountId, parsed.name);
      if (record === undefined) throw awsErrors.noSuchEntity('group', parsed.name);
      return { kind: 'group', record };
    }
    case 'role': {
      const record = await read.roles.getByName(ctx.accountId, parsed.name);
      if (record === undefined) throw awsErrors.noSuchEntity('role', parsed.name);
      return { kind: 'role', record };
    }
  }
}

/** The entity's policies as the server assembles them; a policy the engine cannot read fails the simulation. */
export async function heldPolicies(ctx: OperationContext, holder: PolicyHolder) {
  const held = await ctx.policies.heldPolicies(holder);
  const first = held.unreadable[0];
  if (first !== undefined) throw iamMessages.unevaluablePolicy(first);
  return held;
}

/** A policy given as a string, compiled; `input` names it as the simulator does (`PolicyInputList.1`). */
export function inputPolicy(document: string, kind: PolicyKind, input: string): CompiledPolicy {
  const r = parsePolicy(document, kind, input);
  if (!r.ok) throw iamMessages.invalidSimulationPolicy(input, r.error.message);
  return r.policy;
}

/** `PolicyInputList.member.N`, compiled as identity-based policies named `PolicyInputList.N`. */
export function inputPolicies(input: WireRecord): CompiledPolicy[] {
  return (stringList(input, 'PolicyInputList') ?? []).map((doc, i) => inputPolicy(doc, 'identity', `PolicyInputList.${i + 1}`));
}

/** The one permissions boundary given as a string, if any. */
export function inputBoundary(input: WireRecord): CompiledPolicy | undefined {
  const list = stringList(input, 'PermissionsBoundaryPolicyInputList') ?? [];
  if (list.length > 1) throw iamMessages.tooManySimulationBoundaries();
  return list[0] === undefined ? undefined : inputPolicy(list[0], 'boundary', 'PermissionsBoundaryPolicyInputList.1');
}

/** The ResourcePolicy, compiled as a resource-based policy named `ResourcePolicy`. */
export function inputResourcePolicy(input: WireRecord): CompiledPolicy | undefined {
  const doc = optionalString(input, 'ResourcePolicy');
  return doc === undefined ? undefined : inputPolicy(doc, 'resource', 'ResourcePolicy');
}

/**
 * The simulated caller: CallerArn (which may only be an IAM user's ARN), else the user the
 * policies belong to. A ResourcePolicy needs one, for its Principal element.
 */
export function simulatedCaller(input: WireRecord, source: PolicyHolder | undefined, hasResourcePolicy: boolean): { arn: string; accountId: string } | undefined {
  const callerArn = optionalString(input, 'CallerArn');
  if (callerArn !== undefined) {
    const parsed = parseIdentityArn(callerArn);
    if (parsed?.kind !== 'iam-resource' || parsed.type !== 'user' || parsed.accountId === 'aws') throw iamMessages.simulationCallerNotUser();
    return { arn: callerArn, accountId: parsed.accountId };
  }
  if (source?.kind === 'user') return { arn: source.record.Arn, accountId: source.record.AccountId };
  if (hasResourcePolicy) throw iamMessages.simulationCallerNotUser();
  return undefined;
}

/** The ResourceOwner's account: `arn:aws:iam::<account>:root` is the only form accepted. */
export function resourceOwner(input: WireRecord): string | undefined {
  const owner = optionalString(input, 'ResourceOwner');
  if (owner === undefined) return undefined;
  const parsed = parseIdentityArn(owner);
  if (parsed?.kind !== 'root') throw iamMessages.invalidResourceOwner(owner);
  return parsed.accountId;
}

/** The account that owns a simulated resource: the ARN's own account, else ResourceOwner, else the caller's. */
export function ownerOf(resource: string, owner: string | undefined, fallback: string): string {
  const arn = parseArn(resource);
  if (arn !== undefined && isAccountId(arn.account)) return arn.account;
  return owner ?? fallback;
}

/** The ContextKeyType values whose entries hold a set of values. */
const LIST_TYPES: ReadonlySet<string> = new Set(['stringList', 'numericList', 'booleanList', 'ipList', 'binaryList', 'dateList']);

/**
 * ContextEntries as the request's condition keys: a list type gives the key its set of values,
 * any other type its one value. The values are taken as given (typed by the conditions that test
 * them); whether and how AWS refuses a value that does not fit its ContextKeyType is not known.
 */
export function contextEntries(input: WireRecord): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  const entries = input.ContextEntries;
  if (!Array.isArray(entries)) return out;
  for (const entry of entries as readonly WireValue[]) {
    if (!isWireRecord(entry)) continue;
    const name = entry.ContextKeyName;
    if (typeof name !== 'string') continue;
    const raw = entry.ContextKeyValues;
    const values = Array.isArray(raw) ? (raw as readonly WireValue[]).filter((v): v is string => typeof v === 'string') : [];
    const type = typeof entry.ContextKeyType === 'string' ? entry.ContextKeyType : 'string';
    out[name] = LIST_TYPES.has(type) || values.length !== 1 ? values : values[0]!;
  }
  return out;
}

/**
 * The EC2 scenarios of ResourceHandlingOption and the resource types each must be given
 * (SimulatePrincipalPolicy API reference, ResourceHandlingOption).
 */
export const EC2_SCENARIOS: Readonly<Record<string, readonly string[]>> = {
  'EC2-VPC-InstanceStore': ['instance', 'image', 'security-group', 'network-interface'],
  'EC2-VPC-InstanceStore-Subnet': ['instance', 'image', 'security-group', 'network-interface', 'subnet'],
  'EC2-VPC-EBS': ['instance', 'image', 'security-group', 'network-interface', 'volume'],
  'EC2-VPC-EBS-Subnet': ['instance', 'image', 'security-group', 'network-interface', 'subnet', 'volume'],
};

/** The ResourceHandlingOption, checked against the resources it needs; undefined when not given. */
export function resourceHandling(input: WireRecord, resources: readonly string[]): string | undefined {
  const option = optionalString(input, 'ResourceHandlingOption');
  if (option === undefined) return undefined;
  const needs = EC2_SCENARIOS[option];
  if (needs === undefined) throw iamMessages.invalidResourceHandlingOption(option);
  for (const type of needs) {
    if (!resources.some((r) => parseArn(r)?.service === 'ec2' && parseArn(r)?.resource.startsWith(`${type}/`) === true)) {
      throw iamMessages.missingScenarioResource(option, type);
    }
  }
  return option;
}
