/**
 * X.509 signing certificates of IAM users and of the root user: UploadSigningCertificate,
 * ListSigningCertificates, UpdateSigningCertificate, DeleteSigningCertificate. Without UserName
 * they act on the caller (the root user's certificates are filed under the account ID, like its
 * access keys). At most two per user; one certificate belongs to one holder in the account.
 */
import { awsErrors } from '../../aws/aws-error.js';
import { newSigningCertificateId } from '../../aws/ids.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { SigningCertificateRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { OperationDef } from '../operation.js';
import { subjectAuthorization, subjectHolder, userNameField, type SubjectHolder } from './caller-subject.js';
import { certificateFingerprint, readCertificate } from './certificate-checks.js';
import { settableStatus } from './credential-status.js';
import { isoSeconds, wireDate } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';
import { requiredString } from './input-fields.js';
import { listPage, pageFields, pageRequest } from './paging.js';

export const MAX_SIGNING_CERTIFICATES_PER_USER = 2;

function certificateShape(cert: SigningCertificateRecord, holder: SubjectHolder): WireRecord {
  return {
    ...userNameField(holder),
    CertificateId: cert.CertificateId,
    CertificateBody: cert.CertificateBody,
    Status: cert.Status,
    UploadDate: wireDate(cert.UploadDate),
  };
}

async function requireCertificate(c: ReadCollections, holder: SubjectHolder, accountId: string, certificateId: string): Promise<SigningCertificateRecord> {
  const cert = await c.signingCertificates.getById(certificateId);
  if (cert?.UserId !== holder.holderId || cert.AccountId !== accountId) throw iamMessages.noSuchSigningCertificate(certificateId);
  return cert;
}

export const uploadSigningCertificate: OperationDef = {
  name: 'UploadSigningCertificate',
  readOnly: false,
  authorize: (input, ctx) => subjectAuthorization('iam:UploadSigningCertificate', input, ctx),
  async handler(input, ctx) {
    const body = requiredString(input, 'CertificateBody');
    const { cert, holder } = await ctx.store.transaction(async (tx) => {
      const holder = await subjectHolder(tx, ctx, input);
      const x509 = readCertificate(body);
      if (x509 === undefined) throw iamMessages.malformedSigningCertificate(body);
      const fingerprint = certificateFingerprint(x509);
      if ((await tx.signingCertificates.count({ scope: ctx.accountId, ref: fingerprint })) > 0) throw iamMessages.duplicateCertificate();
      if ((await tx.signingCertificates.count({ scope: ctx.accountId, parent: holder.holderId })) >= MAX_SIGNING_CERTIFICATES_PER_USER) {
        throw awsErrors.limitExceeded('CertificatesPerUser', MAX_SIGNING_CERTIFICATES_PER_USER);
      }
      const cert: SigningCertificateRecord = {
        AccountId: ctx.accountId,
        UserId: holder.holderId,
        CertificateId: newSigningCertificateId(),
        CertificateBody: body,
        Fingerprint: fingerprint,
        Status: 'Active',
        UploadDate: isoSeconds(ctx.now),
      };
      await tx.signingCertificates.put(cert);
      return { cert, holder };
    });
    return { Certificate: certificateShape(cert, holder) };
  },
};

export const listSigningCertificates: OperationDef = {
  name: 'ListSigningCertificates',
  readOnly: true,
  authorize: (input, ctx) => subjectAuthorization('iam:ListSigningCertificates', input, ctx),
  async handler(input, ctx) {
    const read = ctx.store.read;
    const holder = await subjectHolder(read, ctx, input);
    const page = await listPage(() => read.signingCertificates.list({ scope: ctx.accountId, parent: holder.holderId, ...pageRequest(input) }));
    return { Certificates: page.items.map((c) => certificateShape(c, holder)), ...pageFields(page) };
  },
};

export const updateSigningCertificate: OperationDef = {
  name: 'UpdateSigningCertificate',
  readOnly: false,
  authorize: (input, ctx) => subjectAuthorization('iam:UpdateSigningCertificate', input, ctx),
  async handler(input, ctx) {
    const status = settableStatus(requiredString(input, 'Status'));
    await ctx.store.transaction(async (tx) => {
      const cert = await requireCertificate(tx, await subjectHolder(tx, ctx, input), ctx.accountId, requiredString(input, 'CertificateId'));
      await tx.signingCertificates.put({ ...cert, Status: status });
    });
    return {};
  },
};

export const deleteSigningCertificate: OperationDef = {
  name: 'DeleteSigningCertificate',
  readOnly: false,
  authorize: (input, ctx) => subjectAuthorization('iam:DeleteSigningCertificate', input, ctx),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const cert = await requireCertificate(tx, await subjectHolder(tx, ctx, input), ctx.accountId, requiredString(input, 'CertificateId'));
      await tx.signingCertificates.delete(cert.CertificateId);
    });
    return {};
  },
};

export const signingCertificateOperations: readonly OperationDef[] = [uploadSigningCertificate, listSigningCertificates, updateSigningCertificate, deleteSigningCertificate];
