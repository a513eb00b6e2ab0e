/**
 * IAM OpenID Connect identity providers (id_roles_providers_create_oidc.md): Create, Get, List,
 * Delete, Add/RemoveClientID and UpdateThumbprint. Tags are in tags.ts. Each operation is
 * authorized on the provider's ARN with its tags (`aws:ResourceTag/…`); Create supplies
 * `aws:RequestTag/…` and `aws:TagKeys`.
 *
 * A provider keeps at most 100 client IDs (audiences) and at most 5 thumbprints, each the 40
 * hexadecimal digits of a SHA-1 certificate fingerprint. ThumbprintList is optional: IAM would
 * then fetch the issuer's certificate itself; Gatehouse makes no outbound connection and keeps the
 * list empty (IAM itself now trusts issuers by their CA, and keeps thumbprints only as a fallback).
 */
import type { WireRecord } from '../../aws/wire-value.js';
import { awsErrors } from '../../aws/aws-error.js';
import { parseIdentityArn } from '../../aws/arn.js';
import type { OidcProviderRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { Authorization, OperationContext, OperationDef } from '../operation.js';
import { requestTagKeys, resourceTagKeys } from './condition-keys.js';
import { wireDate, isoSeconds } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';
import { requiredString, stringList, tagList } from './input-fields.js';
import { findOidcProvider } from './oidc-provider-lookup.js';
import { oidcProviderArn, providerUrlWithoutScheme } from './oidc-provider-url.js';
import { tagsShape } from './output-shapes.js';
import type { ResourceTarget } from './resource-targets.js';
import { initialTags } from './tag-rules.js';

export const MAX_CLIENT_IDS = 100;
export const MAX_THUMBPRINTS = 5;
const THUMBPRINT = /^[0-9a-fA-F]{40}$/;

/** The list without repeats, in first-seen order. */
function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function requireThumbprints(thumbprints: readonly string[]): string[] {
  if (thumbprints.length > MAX_THUMBPRINTS) throw iamMessages.tooManyThumbprints();
  for (const t of thumbprints) if (!THUMBPRINT.test(t)) throw iamMessages.invalidThumbprint(t);
  return distinct(thumbprints);
}

function requireClientIds(clientIds: readonly string[]): string[] {
  const unique = distinct(clientIds);
  if (unique.length > MAX_CLIENT_IDS) throw iamMessages.tooManyClientIds();
  return unique;
}

/** The ARN a request names, checked to be an OIDC provider ARN (InvalidInput otherwise). */
function requireProviderArn(arn: string): string {
  const parsed = parseIdentityArn(arn);
  if (parsed?.kind !== 'iam-resource' || parsed.type !== 'oidc-provider') throw awsErrors.invalidArn(arn);
  return arn;
}

/** The provider a request names, or NoSuchEntity with `missing`'s wording. */
export async function requireOidcProvider(
  c: Pick<ReadCollections, 'oidcProviders'>,
  accountId: string,
  arn: string,
  missing: (arn: string) => Error = iamMessages.oidcProviderNotFound,
): Promise<OidcProviderRecord> {
  const provider = await findOidcProvider(c, accountId, requireProviderArn(arn));
  if (provider === undefined) throw missing(arn);
  return provider;
}

/** The provider's ARN and tags for authorization; a missing one is authorized on the ARN as given. */
export async function oidcProviderTarget(ctx: OperationContext, arn: string): Promise<ResourceTarget> {
  const provider = await findOidcProvider(ctx.store.read, ctx.accountId, arn);
  return { arn, tags: provider?.Tags ?? [] };
}

async function providerAuthorization(action: string, input: WireRecord, ctx: OperationContext): Promise<Authorization> {
  const target = await oidcProviderTarget(ctx, requiredString(input, 'OpenIDConnectProviderArn'));
  return { action, resource: target.arn, keys: resourceTagKeys(target.tags) };
}

/** Applies `change` to the named provider in one transaction. */
async function updateProvider(ctx: OperationContext, arn: string, change: (p: OidcProviderRecord) => OidcProviderRecord): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    await tx.oidcProviders.put(change(await requireOidcProvider(tx, ctx.accountId, arn)));
  });
}

const providerArnOf = (input: WireRecord): string => requiredString(input, 'OpenIDConnectProviderArn');

export const createOpenIDConnectProvider: OperationDef = {
  name: 'CreateOpenIDConnectProvider',
  readOnly: false,
  authorize(input, ctx) {
    const url = requiredString(input, 'Url');
    const withoutScheme = url.startsWith('https://') ? url.slice('https://'.length) : url;
    return {
      action: 'iam:CreateOpenIDConnectProvider',
      resource: oidcProviderArn(ctx.accountId, withoutScheme),
      keys: requestTagKeys(tagList(input)),
    };
  },
  async handler(input, ctx) {
    const url = requiredString(input, 'Url');
    const withoutScheme = providerUrlWithoutScheme(url);
    if (withoutScheme === undefined) throw iamMessages.invalidOidcUrl();
    const thumbprints = requireThumbprints(stringList(input, 'ThumbprintList') ?? []);
    const clientIds = requireClientIds(stringList(input, 'ClientIDList') ?? []);
    const tags = initialTags(tagList(input));
    const arn = oidcProviderArn(ctx.accountId, withoutScheme);
    await ctx.store.transaction(async (tx) => {
      if ((await tx.oidcProviders.getById(arn)) !== undefined) throw iamMessages.oidcProviderExists(url);
      await tx.oidcProviders.put({
        AccountId: ctx.accountId,
        Arn: arn,
        Url: withoutScheme,
        ClientIDList: clientIds,
        ThumbprintList: thumbprints,
        CreateDate: isoSeconds(ctx.now),
        Tags: tags,
      });
    });
    return { OpenIDConnectProviderArn: arn, ...(tags.length > 0 ? { Tags: tagsShape(tags) } : {}) };
  },
};

export const getOpenIDConnectProvider: OperationDef = {
  name: 'GetOpenIDConnectProvider',
  readOnly: true,
  authorize: (input, ctx) => providerAuthorization('iam:GetOpenIDConnectProvider', input, ctx),
  async handler(input, ctx) {
    const p = await requireOidcProvider(ctx.store.read, ctx.accountId, providerArnOf(input));
    return {
      Url: p.Url,
      ClientIDList: [...p.ClientIDList],
      ThumbprintList: [...p.ThumbprintList],
      CreateDate: wireDate(p.CreateDate),
      Tags: tagsShape(p.Tags),
    };
  },
};

export const listOpenIDConnectProviders: OperationDef = {
  name: 'ListOpenIDConnectProviders',
  readOnly: true,
  authorize: () => ({ action: 'iam:ListOpenIDConnectProviders', resource: '*' }),
  async handler(_input, ctx) {
    // The operation does not page; an account holds at most 100 providers (reference_iam-quotas.md).
    const arns: WireRecord[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await ctx.store.read.oidcProviders.list({ scope: ctx.accountId, maxItems: 1000, ...(marker === undefined ? {} : { marker }) });
      arns.push(...page.items.map((p) => ({ Arn: p.Arn })));
      if (!page.isTruncated || page.marker === undefined) break;
      marker = page.marker;
    }
    return { OpenIDConnectProviderList: arns };
  },
};

export const deleteOpenIDConnectProvider: OperationDef = {
  name: 'DeleteOpenIDConnectProvider',
  readOnly: false,
  authorize: (input, ctx) => providerAuthorization('iam:DeleteOpenIDConnectProvider', input, ctx),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const p = await requireOidcProvider(tx, ctx.accountId, providerArnOf(input), iamMessages.oidcProviderNotFoundOnDelete);
      await tx.oidcProviders.delete(p.Arn);
    });
    return {};
  },
};

export const addClientIDToOpenIDConnectProvider: OperationDef = {
  name: 'AddClientIDToOpenIDConnectProvider',
  readOnly: false,
  authorize: (input, ctx) => providerAuthorization('iam:AddClientIDToOpenIDConnectProvider', input, ctx),
  async handler(input, ctx) {
    const clientId = requiredString(input, 'ClientID');
    // Adding a client ID the provider has changes nothing (API reference: idempotent).
    await updateProvider(ctx, providerArnOf(input), (p) => ({ ...p, ClientIDList: requireClientIds([...p.ClientIDList, clientId]) }));
    return {};
  },
};

export const removeClientIDFromOpenIDConnectProvider: OperationDef = {
  name: 'RemoveClientIDFromOpenIDConnectProvider',
  readOnly: false,
  authorize: (input, ctx) => providerAuthorization('iam:RemoveClientIDFromOpenIDConnectProvider', input, ctx),
  async handler(input, ctx) {
    const clientId = requiredString(input, 'ClientID');
    // Removing a client ID the provider does not have changes nothing (API reference: idempotent).
    await updateProvider(ctx, providerArnOf(input), (p) => ({ ...p, ClientIDList: p.ClientIDList.filter((c) => c !== clientId) }));
    return {};
  },
};

export const updateOpenIDConnectProviderThumbprint: OperationDef = {
  name: 'UpdateOpenIDConnectProviderThumbprint',
  readOnly: false,
  authorize: (input, ctx) => providerAuthorization('iam:UpdateOpenIDConnectProviderThumbprint', input, ctx),
  async handler(input, ctx) {
    const thumbprints = requireThumbprints(stringList(input, 'ThumbprintList') ?? []);
    // The new list replaces the old one (API reference: the lists are not merged).
    await updateProvider(ctx, providerArnOf(input), (p) => ({ ...p, ThumbprintList: thumbprints }));
    return {};
  },
};

export const oidcProviderOperations: readonly OperationDef[] = [
  createOpenIDConnectProvider,
  getOpenIDConnectProvider,
  listOpenIDConnectProviders,
  deleteOpenIDConnectProvider,
  addClientIDToOpenIDConnectProvider,
  removeClientIDFromOpenIDConnectProvider,
  updateOpenIDConnectProviderThumbprint,
];

/** For tags.ts: a provider's tags, read and replaced by ARN. */
export const oidcProviderTags = {
  read: async (ctx: OperationContext, arn: string) => (await requireOidcProvider(ctx.store.read, ctx.accountId, arn)).Tags,
  update: (ctx: OperationContext, arn: string, change: (tags: OidcProviderRecord['Tags']) => OidcProviderRecord['Tags']) =>
    updateProvider(ctx, arn, (p) => ({ ...p, Tags: change(p.Tags) })),
};
