/**
 * Outbound web identity federation (the IAM API reference; STS GetWebIdentityToken):
 * Enable/DisableOutboundWebIdentityFederation and GetOutboundWebIdentityFederationInfo. Enabling
 * gives the account its issuer, `https://<uuid>.tokens.sts.global.api.aws` (the form AWS's issuers
 * take, as published OIDC discovery documents show), kept for the account from then on.
 *
 * Enabling twice is FeatureEnabled (409), disabling twice FeatureDisabled (404), per the model.
 * GetOutboundWebIdentityFederationInfo answers FeatureDisabled for an account that never enabled
 * it (it has no issuer yet), and the issuer with `JwtVendingEnabled: false` once disabled. The
 * messages are the model's descriptions; AWS's wording on the wire is not known. All three are
 * authorized on `*`.
 */
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../aws/aws-error.js';
import type { OperationDef } from '../operation.js';
import { accountSettings, updateAccountSettings } from './account-settings.js';

const featureEnabled = (): AwsError =>
  new AwsError('FeatureEnabled', 'The request failed because outbound identity federation is already enabled for your Amazon Web Services account.', 409);
const featureDisabled = (): AwsError =>
  new AwsError('FeatureDisabled', 'The request failed because outbound identity federation is already disabled for your Amazon Web Services account.', 404);

export const enableOutboundWebIdentityFederation: OperationDef = {
  name: 'EnableOutboundWebIdentityFederation',
  readOnly: false,
  authorize: () => ({ action: 'iam:EnableOutboundWebIdentityFederation', resource: '*' }),
  async handler(_input, ctx) {
    const settings = await updateAccountSettings(ctx, (s) => {
      if (s.OutboundWebIdentityFederation?.Enabled === true) throw featureEnabled();
      const issuer = s.OutboundWebIdentityFederation?.IssuerIdentifier ?? `https://${randomUUID()}.tokens.sts.global.api.aws`;
      return { ...s, OutboundWebIdentityFederation: { IssuerIdentifier: issuer, Enabled: true } };
    });
    return { IssuerIdentifier: settings.OutboundWebIdentityFederation?.IssuerIdentifier };
  },
};

export const disableOutboundWebIdentityFederation: OperationDef = {
  name: 'DisableOutboundWebIdentityFederation',
  readOnly: false,
  authorize: () => ({ action: 'iam:DisableOutboundWebIdentityFederation', resource: '*' }),
  async handler(_input, ctx) {
    await updateAccountSettings(ctx, (s) => {
      const federation = s.OutboundWebIdentityFederation;
      if (federation?.Enabled !== true) throw featureDisabled();
      return { ...s, OutboundWebIdentityFederation: { ...federation, Enabled: false } };
    });
    return {};
  },
};

export const getOutboundWebIdentityFederationInfo: OperationDef = {
  name: 'GetOutboundWebIdentityFederationInfo',
  readOnly: true,
  authorize: () => ({ action: 'iam:GetOutboundWebIdentityFederationInfo', resource: '*' }),
  async handler(_input, ctx) {
    const federation = (await accountSettings(ctx.store.read, ctx.accountId)).OutboundWebIdentityFederation;
    if (federation === undefined) throw featureDisabled();
    return { IssuerIdentifier: federation.IssuerIdentifier, JwtVendingEnabled: federation.Enabled };
  },
};

export const outboundWebIdentityFederationOperations: readonly OperationDef[] = [
  enableOutboundWebIdentityFederation,
  disableOutboundWebIdentityFederation,
  getOutboundWebIdentityFederationInfo,
];
