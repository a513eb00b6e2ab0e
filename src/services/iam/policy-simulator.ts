/**
 * The IAM policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy,
 * GetContextKeysForPrincipalPolicy and GetContextKeysForCustomPolicy, answered by the engine that
 * authorizes every request, over the policies the server assembles for authorization
 * (reference_policies_examples_iam_policy-sim.md for the permissions; the IAM API reference).
 */
import type { WireRecord } from '../../aws/wire-value.js';
import { policyContextKeys } from '../../policy/index.js';
import type { CompiledPolicy, RequestPrincipal } from '../../policy/types.js';
import type { OperationContext, OperationDef, PolicyHolder } from '../operation.js';
import { requiredString, stringList } from './input-fields.js';
import { pageRequest } from './paging.js';
import {
  contextEntries,
  heldPolicies,
  inputBoundary,
  inputPolicies,
  inputResourcePolicy,
  policySource,
  resourceHandling,
  resourceOwner,
  simulatedCaller,
} from './simulation-input.js';
import { simulationResults, type Simulation, type SimulationSource } from './simulation-results.js';

const IAM_POLICY = 'IAM Policy';

export const simulatePrincipalPolicy: OperationDef = {
  name: 'SimulatePrincipalPolicy',
  readOnly: true,
  authorize: (input) => ({ action: 'iam:SimulatePrincipalPolicy', resource: requiredString(input, 'PolicySourceArn') }),
  async handler(input, ctx) {
    const source = await policySource(ctx, requiredString(input, 'PolicySourceArn'));
    const held = await heldPolicies(ctx, source);
    const sources = new Map<CompiledPolicy, SimulationSource>();
    for (const h of held.identity) sources.set(h.policy, { id: h.name, type: IAM_POLICY });
    // A boundary given as a string replaces the entity's own (API reference, PermissionsBoundaryPolicyInputList).
    const givenBoundary = inputBoundary(input);
    const boundary = givenBoundary ?? held.boundary?.policy;
    if (givenBoundary === undefined && held.boundary !== undefined) sources.set(held.boundary.policy, { id: held.boundary.name, type: IAM_POLICY });
    return simulate(input, ctx, source, [...held.identity.map((h) => h.policy), ...inputPolicies(input)], boundary, sources);
  },
};

export const simulateCustomPolicy: OperationDef = {
  name: 'SimulateCustomPolicy',
  readOnly: true,
  authorize: () => ({ action: 'iam:SimulateCustomPolicy', resource: '*' }),
  handler: (input, ctx) => Promise.resolve().then(() => simulate(input, ctx, undefined, inputPolicies(input), inputBoundary(input), new Map())),
};

export const getContextKeysForPrincipalPolicy: OperationDef = {
  name: 'GetContextKeysForPrincipalPolicy',
  readOnly: true,
  authorize: (input) => ({ action: 'iam:GetContextKeysForPrincipalPolicy', resource: requiredString(input, 'PolicySourceArn') }),
  async handler(input, ctx) {
    const held = await heldPolicies(ctx, await policySource(ctx, requiredString(input, 'PolicySourceArn')));
    // The keys of the entity's identity-based policies and of the policies given; not of its
    // permissions boundary, nor of SCPs (API reference).
    return { ContextKeyNames: policyContextKeys([...held.identity.map((h) => h.policy), ...inputPolicies(input)]) };
  },
};

export const getContextKeysForCustomPolicy: OperationDef = {
  name: 'GetContextKeysForCustomPolicy',
  readOnly: true,
  authorize: () => ({ action: 'iam:GetContextKeysForCustomPolicy', resource: '*' }),
  handler: (input) => Promise.resolve().then(() => ({ ContextKeyNames: policyContextKeys(inputPolicies(input)) })),
};

export const policySimulatorOperations: readonly OperationDef[] = [
  simulatePrincipalPolicy,
  simulateCustomPolicy,
  getContextKeysForPrincipalPolicy,
  getContextKeysForCustomPolicy,
];

function simulate(
  input: WireRecord,
  ctx: OperationContext,
  source: PolicyHolder | undefined,
  identity: readonly CompiledPolicy[],
  boundary: CompiledPolicy | undefined,
  sources: Map<CompiledPolicy, SimulationSource>,
): WireRecord {
  identity.forEach((p) => {
    if (!sources.has(p)) sources.set(p, { id: p.id, type: IAM_POLICY });
  });
  if (boundary !== undefined && !sources.has(boundary)) sources.set(boundary, { id: boundary.id, type: IAM_POLICY });
  const resourcePolicy = inputResourcePolicy(input);
  if (resourcePolicy !== undefined) sources.set(resourcePolicy, { id: resourcePolicy.id, type: 'Resource Policy' });
  const caller = simulatedCaller(input, source, resourcePolicy !== undefined);
  const owner = resourceOwner(input);
  const actions = stringList(input, 'ActionNames') ?? [];
  const resources = stringList(input, 'ResourceArns');
  // The EC2 scenarios need their resources given together; they are evaluated as any several resources are.
  resourceHandling(input, resources ?? []);
  const context = contextEntries(input);
  const supplied = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const policies = [...identity, ...(boundary !== undefined ? [boundary] : []), ...(resourcePolicy !== undefined ? [resourcePolicy] : [])];
  const principalAccount = caller?.accountId ?? ctx.accountId;
  const sim: Simulation = {
    set: { identity, boundary, resource: resourcePolicy !== undefined ? [resourcePolicy] : undefined },
    principal: simulatedPrincipal(caller, source, principalAccount),
    principalAccount,
    resourceOwner: owner,
    context,
    sources,
    missing: policyContextKeys(policies).filter((k) => !supplied.has(k.toLowerCase())),
  };
  return simulationResults(sim, actions, resources, pageRequest(input));
}

/**
 * Who the simulated requests come from: the caller (an IAM user), else the entity itself — a
 * role as a session of it. Nothing in the answer names this principal; it decides how a
 * ResourcePolicy's Principal element applies and that the requests are not the root user's.
 */
function simulatedPrincipal(caller: { arn: string } | undefined, source: PolicyHolder | undefined, accountId: string): RequestPrincipal {
  if (caller !== undefined) return { type: 'user', arn: caller.arn, accountId };
  if (source?.kind === 'role') return { type: 'assumed-role', arn: source.record.Arn, accountId, identityArn: source.record.Arn };
  return { type: 'user', arn: source?.record.Arn ?? '', accountId };
}
