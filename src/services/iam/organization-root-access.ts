/**
 * Centralized root access for member accounts (id_root-user.md, "Centrally manage root access"):
 * Enable/DisableOrganizationsRootCredentialsManagement, Enable/DisableOrganizationsRootSessions
 * and ListOrganizationsFeatures. The enabled features are kept per organization in an IAM record;
 * the organization itself comes from organization-facts.ts.
 *
 * Each operation first requires an organization (OrganizationNotFoundException), in all-features
 * mode (OrganizationNotInAllFeaturesModeException), with trusted access for IAM
 * (ServiceAccessNotEnabledException), and a caller in its management account: the Enable
 * operations answer CallerIsNotManagementAccountException otherwise, the others
 * AccountNotManagementOrDelegatedAdministratorException (delegated administrators for IAM are not
 * modelled yet). The order of these checks is not documented. The errors' messages are the model's
 * descriptions of them; AWS's wording on the wire is not known. Enabling an enabled feature, or
 * disabling a disabled one, answers the current features.
 */
import { AwsError } from '../../aws/aws-error.js';
import type { OrganizationFeaturesRecord } from '../../state/records.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { organizationOf, type OrganizationFacts } from './organization-facts.js';

type Feature = OrganizationFeaturesRecord['EnabledFeatures'][number];
/** The order ListOrganizationsFeatures reports features in (the CLI reference's example output). */
const FEATURE_ORDER: readonly Feature[] = ['RootCredentialsManagement', 'RootSessions'];

export const organizationErrors = {
  notFound: (): AwsError => new AwsError('OrganizationNotFoundException', 'The request was rejected because no organization is associated with your account.'),
  notAllFeatures: (): AwsError =>
    new AwsError('OrganizationNotInAllFeaturesModeException', 'The request was rejected because your organization does not have All features enabled.'),
  serviceAccessNotEnabled: (): AwsError =>
    new AwsError('ServiceAccessNotEnabledException', 'The request was rejected because trusted access is not enabled for IAM in Organizations.'),
  callerNotManagement: (): AwsError =>
    new AwsError(
      'CallerIsNotManagementAccountException',
      'The request was rejected because the account making the request is not the management account for the organization.',
    ),
  notManagementOrDelegated: (): AwsError =>
    new AwsError(
      'AccountNotManagementOrDelegatedAdministratorException',
      'The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.',
    ),
} as const;

type CallerRule = 'management' | 'management-or-delegated';

/** The organization, if the caller may manage its root access features; AWS's errors otherwise. */
export function requireRootAccessManager(org: OrganizationFacts | undefined, callerAccountId: string, rule: CallerRule): OrganizationFacts {
  if (org === undefined) throw organizationErrors.notFound();
  if (!org.allFeatures) throw organizationErrors.notAllFeatures();
  if (!org.iamTrustedAccess) throw organizationErrors.serviceAccessNotEnabled();
  if (callerAccountId !== org.managementAccountId) {
    throw rule === 'management' ? organizationErrors.callerNotManagement() : organizationErrors.notManagementOrDelegated();
  }
  return org;
}

function featuresAnswer(org: OrganizationFacts, features: readonly Feature[]) {
  return { OrganizationId: org.organizationId, EnabledFeatures: FEATURE_ORDER.filter((f) => features.includes(f)) };
}

async function changeFeature(ctx: OperationContext, feature: Feature, enable: boolean) {
  const org = requireRootAccessManager(await organizationOf(ctx.store.read, ctx.accountId), ctx.accountId, enable ? 'management' : 'management-or-delegated');
  const features = await ctx.store.transaction(async (tx) => {
    const current = (await tx.organizationFeatures.getById(org.organizationId))?.EnabledFeatures ?? [];
    const next = enable ? [...new Set([...current, feature])] : current.filter((f) => f !== feature);
    await tx.organizationFeatures.put({ OrganizationId: org.organizationId, ManagementAccountId: org.managementAccountId, EnabledFeatures: next });
    return next;
  });
  return featuresAnswer(org, features);
}

function featureOperation(name: string, feature: Feature, enable: boolean): OperationDef {
  return {
    name,
    readOnly: false,
    authorize: () => ({ action: `iam:${name}`, resource: '*' }),
    handler: (_input, ctx) => changeFeature(ctx, feature, enable),
  };
}

export const listOrganizationsFeatures: OperationDef = {
  name: 'ListOrganizationsFeatures',
  readOnly: true,
  authorize: () => ({ action: 'iam:ListOrganizationsFeatures', resource: '*' }),
  async handler(_input, ctx) {
    const org = requireRootAccessManager(await organizationOf(ctx.store.read, ctx.accountId), ctx.accountId, 'management-or-delegated');
    const record = await ctx.store.read.organizationFeatures.getById(org.organizationId);
    return featuresAnswer(org, record?.EnabledFeatures ?? []);
  },
};

export const organizationRootAccessOperations: readonly OperationDef[] = [
  featureOperation('EnableOrganizationsRootCredentialsManagement', 'RootCredentialsManagement', true),
  featureOperation('DisableOrganizationsRootCredentialsManagement', 'RootCredentialsManagement', false),
  featureOperation('EnableOrganizationsRootSessions', 'RootSessions', true),
  featureOperation('DisableOrganizationsRootSessions', 'RootSessions', false),
  listOrganizationsFeatures,
];
