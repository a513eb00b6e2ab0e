/**
 * Server certificates (id_credentials_server-certs.md): UploadServerCertificate,
 * GetServerCertificate, ListServerCertificates, UpdateServerCertificate, DeleteServerCertificate;
 * their tags are served by `tags.ts`. A certificate is an account resource
 * `arn:aws:iam::<account>:server-certificate/<path><name>` with an `ASCA…` ID, at most 20 per
 * account. The private key is checked against the certificate and never stored.
 *
 * UpdateServerCertificate needs permission on the certificate under both its old and its new
 * name (and path), as the API reference says.
 */
import { awsErrors } from '../../aws/aws-error.js';
import { iamArn, type AccountId } from '../../aws/arn.js';
import { newUniqueId } from '../../aws/ids.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { ServerCertificateRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { checkServerCertificate } from './certificate-checks.js';
import { requestTagKeys, resourceTagKeys } from './condition-keys.js';
import { isoSeconds, wireDate } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';
import { optionalString, requiredString, tagList } from './input-fields.js';
import { tagsShape } from './output-shapes.js';
import { listPage, pageFields, pageRequest } from './paging.js';
import { ROOT_PATH } from './path-rules.js';
import type { ResourceTarget } from './resource-targets.js';
import { initialTags } from './tag-rules.js';
import { putUnique } from './unique-insert.js';

export const MAX_SERVER_CERTIFICATES_PER_ACCOUNT = 20;

const acct = (ctx: OperationContext): AccountId => ctx.accountId as AccountId;

export async function requireServerCertificate(c: ReadCollections, accountId: string, name: string): Promise<ServerCertificateRecord> {
  const cert = await c.serverCertificates.getByName(accountId, name);
  if (cert === undefined) throw iamMessages.noSuchServerCertificate(name);
  return cert;
}

/** A certificate's ARN (with its path) and tags; a name not in use is authorized at the root path. */
export async function serverCertificateTarget(ctx: OperationContext, name: string): Promise<ResourceTarget> {
  const cert = await ctx.store.read.serverCertificates.getByName(ctx.accountId, name);
  return cert === undefined ? { arn: iamArn(acct(ctx), 'server-certificate', name), tags: [] } : { arn: cert.Arn, tags: cert.Tags };
}

function metadataShape(cert: ServerCertificateRecord): WireRecord {
  return {
    Path: cert.Path,
    ServerCertificateName: cert.ServerCertificateName,
    ServerCertificateId: cert.ServerCertificateId,
    Arn: cert.Arn,
    UploadDate: wireDate(cert.UploadDate),
    Expiration: wireDate(cert.Expiration),
  };
}

export const uploadServerCertificate: OperationDef = {
  name: 'UploadServerCertificate',
  readOnly: false,
  authorize(input, ctx) {
    const name = requiredString(input, 'ServerCertificateName');
    const path = optionalString(input, 'Path') ?? ROOT_PATH;
    return { action: 'iam:UploadServerCertificate', resource: iamArn(acct(ctx), 'server-certificate', name, path), keys: requestTagKeys(tagList(input)) };
  },
  async handler(input, ctx) {
    const name = requiredString(input, 'ServerCertificateName');
    const path = optionalString(input, 'Path') ?? ROOT_PATH;
    const body = requiredString(input, 'CertificateBody');
    const chain = optionalString(input, 'CertificateChain');
    const tags = initialTags(tagList(input));
    const checked = checkServerCertificate(body, requiredString(input, 'PrivateKey'), chain, ctx.now);
    const cert: ServerCertificateRecord = {
      AccountId: ctx.accountId,
      Path: path,
      ServerCertificateName: name,
      ServerCertificateId: newUniqueId('certificate', acct(ctx)),
      Arn: iamArn(acct(ctx), 'server-certificate', name, path),
      CertificateBody: body,
      ...(chain === undefined ? {} : { CertificateChain: chain }),
      UploadDate: isoSeconds(ctx.now),
      Expiration: isoSeconds(checked.expiration),
      Tags: tags,
    };
    await ctx.store.transaction(async (tx) => {
      if ((await tx.serverCertificates.getByName(ctx.accountId, name)) !== undefined) throw iamMessages.serverCertificateAlreadyExists(name);
      if ((await tx.serverCertificates.count({ scope: ctx.accountId })) >= MAX_SERVER_CERTIFICATES_PER_ACCOUNT) {
        throw awsErrors.limitExceeded('ServerCertificatesPerAccount', MAX_SERVER_CERTIFICATES_PER_ACCOUNT);
      }
      await putUnique(tx.serverCertificates, cert, () => iamMessages.serverCertificateAlreadyExists(name));
    });
    return { ServerCertificateMetadata: metadataShape(cert), ...(tags.length > 0 ? { Tags: tagsShape(tags) } : {}) };
  },
};

export const getServerCertificate: OperationDef = {
  name: 'GetServerCertificate',
  readOnly: true,
  async authorize(input, ctx) {
    const target = await serverCertificateTarget(ctx, requiredString(input, 'ServerCertificateName'));
    return { action: 'iam:GetServerCertificate', resource: target.arn, keys: resourceTagKeys(target.tags) };
  },
  async handler(input, ctx) {
    const cert = await requireServerCertificate(ctx.store.read, ctx.accountId, requiredString(input, 'ServerCertificateName'));
    return {
      ServerCertificate: {
        ServerCertificateMetadata: metadataShape(cert),
        CertificateBody: cert.CertificateBody,
        ...(cert.CertificateChain === undefined ? {} : { CertificateChain: cert.CertificateChain }),
        // Recorded: Tags is present, empty when the certificate has none.
        Tags: tagsShape(cert.Tags),
      },
    };
  },
};

export const listServerCertificates: OperationDef = {
  name: 'ListServerCertificates',
  readOnly: true,
  authorize: () => ({ action: 'iam:ListServerCertificates', resource: '*' }),
  async handler(input, ctx) {
    const pathPrefix = optionalString(input, 'PathPrefix');
    const page = await listPage(() =>
      ctx.store.read.serverCertificates.list({ scope: ctx.accountId, ...pageRequest(input), ...(pathPrefix === undefined ? {} : { pathPrefix }) }),
    );
    return { ServerCertificateMetadataList: page.items.map(metadataShape), ...pageFields(page) };
  },
};

export const updateServerCertificate: OperationDef = {
  name: 'UpdateServerCertificate',
  readOnly: false,
  async authorize(input, ctx) {
    const name = requiredString(input, 'ServerCertificateName');
    const current = await ctx.store.read.serverCertificates.getByName(ctx.accountId, name);
    const newName = optionalString(input, 'NewServerCertificateName') ?? name;
    const newPath = optionalString(input, 'NewPath') ?? current?.Path ?? ROOT_PATH;
    const target = await serverCertificateTarget(ctx, name);
    return [
      { action: 'iam:UpdateServerCertificate', resource: target.arn, keys: resourceTagKeys(target.tags) },
      { action: 'iam:UpdateServerCertificate', resource: iamArn(acct(ctx), 'server-certificate', newName, newPath), keys: resourceTagKeys(target.tags) },
    ];
  },
  async handler(input, ctx) {
    const name = requiredString(input, 'ServerCertificateName');
    await ctx.store.transaction(async (tx) => {
      const cert = await requireServerCertificate(tx, ctx.accountId, name);
      const newName = optionalString(input, 'NewServerCertificateName') ?? cert.ServerCertificateName;
      const newPath = optionalString(input, 'NewPath') ?? cert.Path;
      const updated: ServerCertificateRecord = {
        ...cert,
        ServerCertificateName: newName,
        Path: newPath,
        Arn: iamArn(acct(ctx), 'server-certificate', newName, newPath),
      };
      await putUnique(tx.serverCertificates, updated, () => iamMessages.serverCertificateAlreadyExists(newName));
    });
    return {};
  },
};

export const deleteServerCertificate: OperationDef = {
  name: 'DeleteServerCertificate',
  readOnly: false,
  async authorize(input, ctx) {
    const target = await serverCertificateTarget(ctx, requiredString(input, 'ServerCertificateName'));
    return { action: 'iam:DeleteServerCertificate', resource: target.arn, keys: resourceTagKeys(target.tags) };
  },
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const cert = await requireServerCertificate(tx, ctx.accountId, requiredString(input, 'ServerCertificateName'));
      await tx.serverCertificates.delete(cert.ServerCertificateId);
    });
    return {};
  },
};

export const serverCertificateOperations: readonly OperationDef[] = [
  uploadServerCertificate,
  getServerCertificate,
  listServerCertificates,
  updateServerCertificate,
  deleteServerCertificate,
];
