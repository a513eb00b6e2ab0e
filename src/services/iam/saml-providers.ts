/**
 * IAM SAML 2.0 identity providers: Create, Get, List, Update and Delete (tags are in tags.ts).
 * Each operation is authorized on `arn:aws:iam::<account>:saml-provider/<name>` with the
 * provider's tags; Create supplies `aws:RequestTag/…` and `aws:TagKeys`.
 *
 * The metadata document is kept as given and read once (saml-metadata.ts) for what STS will need:
 * the IdP's entity ID, SSO endpoints and signing certificates. `ValidUntil` is the document's own
 * `validUntil`; without one it is 100 years after creation (the AWS CLI reference's recorded
 * get-saml-provider output: created 2017-03-06T22:29:46, valid until 2117-03-06T22:29:46).
 *
 * Private keys for decrypting assertions (AddPrivateKey) are identified by a generated `KeyId`
 * and a SHA-256 fingerprint of their public key; the private key itself is not stored, since
 * Gatehouse has no key to encrypt it under and IAM never returns it. Assertion decryption with
 * them is therefore not available.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { iamArn, type AccountId } from '../../aws/arn.js';
import { newOpaqueId } from '../../aws/ids.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { IsoDate, SamlPrivateKeyRecord, SamlProviderRecord, Tag } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { Authorization, OperationContext, OperationDef } from '../operation.js';
import { requestTagKeys, resourceTagKeys } from './condition-keys.js';
import { isoSeconds, wireDate } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';
import { optionalString, requiredString, tagList } from './input-fields.js';
import { tagsShape } from './output-shapes.js';
import type { ResourceTarget } from './resource-targets.js';
import { readSamlMetadata } from './saml-metadata.js';
import { findSamlProvider } from './saml-provider-lookup.js';
import { initialTags } from './tag-rules.js';
import { putUnique } from './unique-insert.js';

/** IAM keeps at most two private keys per provider (the model's `privateKeyList` max). */
export const MAX_PRIVATE_KEYS = 2;
/** `SAMLProviderUUID` and `KeyId`: `[A-Z0-9]+`, 22 to 64 characters; the length used is not known. */
const OPAQUE_ID_LENGTH = 26;
const DEFAULT_VALIDITY_YEARS = 100;

type EncryptionMode = SamlProviderRecord['AssertionEncryptionMode'];

function encryptionMode(input: WireRecord): EncryptionMode | undefined {
  const mode = optionalString(input, 'AssertionEncryptionMode');
  return mode === 'Required' || mode === 'Allowed' ? mode : undefined;
}

function samlProviderArn(accountId: string, name: string): string {
  return iamArn(accountId as AccountId, 'saml-provider', name);
}

function hundredYearsAfter(iso: IsoDate): IsoDate {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + DEFAULT_VALIDITY_YEARS);
  return isoSeconds(d);
}

/** A private key as IAM reports it: its ID and upload time, and what identifies it without keeping it. */
function privateKeyRecord(pem: string, now: Date): SamlPrivateKeyRecord {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw iamMessages.invalidSamlPrivateKey();
  }
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') throw iamMessages.invalidSamlPrivateKey();
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return { KeyId: newOpaqueId(OPAQUE_ID_LENGTH), Timestamp: isoSeconds(now), PublicKeySha256: createHash('sha256').update(spki).digest('hex') };
}

function withPrivateKeyChanges(keys: readonly SamlPrivateKeyRecord[], add: string | undefined, remove: string | undefined, now: Date): SamlPrivateKeyRecord[] {
  let result = [...keys];
  if (remove !== undefined) {
    if (!result.some((k) => k.KeyId === remove)) throw iamMessages.noSuchSamlPrivateKey(remove);
    result = result.filter((k) => k.KeyId !== remove);
  }
  if (add !== undefined) {
    const added = privateKeyRecord(add, now);
    // The same key added twice is kept once. AWS's answer to a repeated key is not known.
    if (!result.some((k) => k.PublicKeySha256 === added.PublicKeySha256)) result.push(added);
    if (result.length > MAX_PRIVATE_KEYS) throw iamMessages.tooManySamlPrivateKeys();
  }
  return result;
}

/** The provider a request names, or NoSuchEntity "Manifest not found for arn …". */
export async function requireSamlProvider(c: Pick<ReadCollections, 'samlProviders'>, accountId: string, arn: string): Promise<SamlProviderRecord> {
  const provider = await findSamlProvider(c, accountId, arn);
  if (provider === undefined) throw iamMessages.samlProviderNotFound(arn);
  return provider;
}

export async function samlProviderTarget(ctx: OperationContext, arn: string): Promise<ResourceTarget> {
  const provider = await findSamlProvider(ctx.store.read, ctx.accountId, arn);
  return { arn, tags: provider?.Tags ?? [] };
}

async function providerAuthorization(action: string, input: WireRecord, ctx: OperationContext): Promise<Authorization> {
  const target = await samlProviderTarget(ctx, requiredString(input, 'SAMLProviderArn'));
  return { action, resource: target.arn, keys: resourceTagKeys(target.tags) };
}

async function updateProvider(ctx: OperationContext, arn: string, change: (p: SamlProviderRecord) => SamlProviderRecord): Promise<SamlProviderRecord> {
  return ctx.store.transaction(async (tx) => {
    const updated = change(await requireSamlProvider(tx, ctx.accountId, arn));
    await tx.samlProviders.put(updated);
    return updated;
  });
}

export const createSAMLProvider: OperationDef = {
  name: 'CreateSAMLProvider',
  readOnly: false,
  authorize: (input, ctx) => ({
    action: 'iam:CreateSAMLProvider',
    resource: samlProviderArn(ctx.accountId, requiredString(input, 'Name')),
    keys: requestTagKeys(tagList(input)),
  }),
  async handler(input, ctx) {
    const name = requiredString(input, 'Name');
    const document = requiredString(input, 'SAMLMetadataDocument');
    const metadata = await readSamlMetadata(document);
    const tags = initialTags(tagList(input));
    const addKey = optionalString(input, 'AddPrivateKey');
    const createDate = isoSeconds(ctx.now);
    const record: SamlProviderRecord = {
      AccountId: ctx.accountId,
      Name: name,
      Arn: samlProviderArn(ctx.accountId, name),
      SAMLProviderUUID: newOpaqueId(OPAQUE_ID_LENGTH),
      SAMLMetadataDocument: document,
      Metadata: metadata,
      CreateDate: createDate,
      ValidUntil: metadata.ValidUntil ?? hundredYearsAfter(createDate),
      AssertionEncryptionMode: encryptionMode(input) ?? 'Allowed',
      PrivateKeys: withPrivateKeyChanges([], addKey, undefined, ctx.now),
      Tags: tags,
    };
    await ctx.store.transaction((tx) => putUnique(tx.samlProviders, record, () => iamMessages.samlProviderExists(name)));
    return { SAMLProviderArn: record.Arn, ...(tags.length > 0 ? { Tags: tagsShape(tags) } : {}) };
  },
};

export const getSAMLProvider: OperationDef = {
  name: 'GetSAMLProvider',
  readOnly: true,
  authorize: (input, ctx) => providerAuthorization('iam:GetSAMLProvider', input, ctx),
  async handler(input, ctx) {
    const p = await requireSamlProvider(ctx.store.read, ctx.accountId, requiredString(input, 'SAMLProviderArn'));
    return {
      SAMLProviderUUID: p.SAMLProviderUUID,
      SAMLMetadataDocument: p.SAMLMetadataDocument,
      CreateDate: wireDate(p.CreateDate),
      ValidUntil: wireDate(p.ValidUntil),
      Tags: tagsShape(p.Tags),
      AssertionEncryptionMode: p.AssertionEncryptionMode,
      PrivateKeyList: p.PrivateKeys.map((k) => ({ KeyId: k.KeyId, Timestamp: wireDate(k.Timestamp) })),
    };
  },
};

export const listSAMLProviders: OperationDef = {
  name: 'ListSAMLProviders',
  readOnly: true,
  authorize: () => ({ action: 'iam:ListSAMLProviders', resource: '*' }),
  async handler(_input, ctx) {
    // The operation does not page; an account holds at most 100 SAML providers (reference_iam-quotas.md).
    const out: WireRecord[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await ctx.store.read.samlProviders.list({ scope: ctx.accountId, maxItems: 1000, ...(marker === undefined ? {} : { marker }) });
      out.push(...page.items.map((p) => ({ Arn: p.Arn, ValidUntil: wireDate(p.ValidUntil), CreateDate: wireDate(p.CreateDate) })));
      if (!page.isTruncated || page.marker === undefined) break;
      marker = page.marker;
    }
    return { SAMLProviderList: out };
  },
};

export const updateSAMLProvider: OperationDef = {
  name: 'UpdateSAMLProvider',
  readOnly: false,
  authorize: (input, ctx) => providerAuthorization('iam:UpdateSAMLProvider', input, ctx),
  async handler(input, ctx) {
    const document = optionalString(input, 'SAMLMetadataDocument');
    const metadata = document === undefined ? undefined : await readSamlMetadata(document);
    const mode = encryptionMode(input);
    const addKey = optionalString(input, 'AddPrivateKey');
    const removeKey = optionalString(input, 'RemovePrivateKey');
    const updated = await updateProvider(ctx, requiredString(input, 'SAMLProviderArn'), (p) => ({
      ...p,
      ...(document === undefined || metadata === undefined
        ? {}
        : { SAMLMetadataDocument: document, Metadata: metadata, ValidUntil: metadata.ValidUntil ?? hundredYearsAfter(p.CreateDate) }),
      ...(mode === undefined ? {} : { AssertionEncryptionMode: mode }),
      PrivateKeys: withPrivateKeyChanges(p.PrivateKeys, addKey, removeKey, ctx.now),
    }));
    return { SAMLProviderArn: updated.Arn };
  },
};

export const deleteSAMLProvider: OperationDef = {
  name: 'DeleteSAMLProvider',
  readOnly: false,
  authorize: (input, ctx) => providerAuthorization('iam:DeleteSAMLProvider', input, ctx),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const p = await requireSamlProvider(tx, ctx.accountId, requiredString(input, 'SAMLProviderArn'));
      await tx.samlProviders.delete(p.SAMLProviderUUID);
    });
    return {};
  },
};

export const samlProviderOperations: readonly OperationDef[] = [createSAMLProvider, getSAMLProvider, listSAMLProviders, updateSAMLProvider, deleteSAMLProvider];

/** For tags.ts: a provider's tags, read and replaced by ARN. */
export const samlProviderTags = {
  read: async (ctx: OperationContext, arn: string): Promise<readonly Tag[]> => (await requireSamlProvider(ctx.store.read, ctx.accountId, arn)).Tags,
  update: async (ctx: OperationContext, arn: string, change: (tags: readonly Tag[]) => readonly Tag[]): Promise<void> => {
    await updateProvider(ctx, arn, (p) => ({ ...p, Tags: change(p.Tags) }));
  },
};
