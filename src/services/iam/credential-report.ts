/**
 * GenerateCredentialReport and GetCredentialReport (id_credentials_getting-report.md). A report
 * is a snapshot of the account's credentials, kept for four hours: asking to generate one while
 * the latest is younger answers COMPLETE; otherwise a new one is made, and IAM answers STARTED
 * ("No report exists. Starting a new report generation task", recorded). Gatehouse builds the
 * report at once, so it is never in progress: the next GenerateCredentialReport answers COMPLETE
 * and GetCredentialReport returns it. Both are authorized on `*`.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { CredentialReportRecord } from '../../state/records.js';
import { MAX_MAX_ITEMS, type ListQuery, type Page, type ReadCollections } from '../../state/store.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { credentialReportCsv, type ReportSubject } from './credential-report-csv.js';
import { isoSeconds, wireDate } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';
import { listAll } from './paging.js';
import { customPasswordPolicy } from './password-policy.js';

/** How long a report is served before it expires and a new one is made. */
export const REPORT_LIFETIME_MS = 4 * 60 * 60 * 1000;

function isFresh(report: CredentialReportRecord, now: Date): boolean {
  return now.getTime() - Date.parse(report.GeneratedTime) < REPORT_LIFETIME_MS;
}

/** Every record of one listing of the account (small per-account collections). */
function everything<R>(list: (query: ListQuery) => Promise<Page<R>>, scope: string, parent?: string): Promise<R[]> {
  return listAll((marker) => list({ scope, ...(parent === undefined ? {} : { parent }), ...(marker === undefined ? {} : { marker }), maxItems: MAX_MAX_ITEMS }));
}

async function subjectsOf(c: ReadCollections, ctx: OperationContext): Promise<ReportSubject[]> {
  const scope = ctx.accountId;
  const account = await c.accounts.getById(scope);
  const subjects: ReportSubject[] = [
    {
      arn: `arn:aws:iam::${scope}:root`,
      created: account?.JoinedTimestamp ?? isoSeconds(ctx.now),
      mfaActive: (await c.virtualMfaDevices.count({ scope, ref: scope })) > 0,
      accessKeys: await everything((q) => c.accessKeys.list(q), scope, scope),
      signingCertificates: await everything((q) => c.signingCertificates.list(q), scope, scope),
    },
  ];
  for (const user of await everything((q) => c.users.list(q), scope)) {
    const profile = await c.loginProfiles.getById(user.UserId);
    subjects.push({
      userName: user.UserName,
      arn: user.Arn,
      created: user.CreateDate,
      ...(profile === undefined ? {} : { loginProfile: profile }),
      ...(user.PasswordLastUsed === undefined ? {} : { passwordLastUsed: user.PasswordLastUsed }),
      mfaActive: (await c.virtualMfaDevices.count({ scope, ref: user.UserId })) > 0,
      accessKeys: await everything((q) => c.accessKeys.list(q), scope, user.UserId),
      signingCertificates: await everything((q) => c.signingCertificates.list(q), scope, user.UserId),
    });
  }
  return subjects;
}

export const generateCredentialReport: OperationDef = {
  name: 'GenerateCredentialReport',
  readOnly: false,
  authorize: () => ({ action: 'iam:GenerateCredentialReport', resource: '*' }),
  async handler(_input, ctx): Promise<WireRecord> {
    return ctx.store.transaction(async (tx) => {
      const latest = await tx.credentialReports.getById(ctx.accountId);
      if (latest !== undefined && isFresh(latest, ctx.now)) return { State: 'COMPLETE' };
      const content = credentialReportCsv(await subjectsOf(tx, ctx), await customPasswordPolicy(tx, ctx.accountId));
      await tx.credentialReports.put({ AccountId: ctx.accountId, GeneratedTime: isoSeconds(ctx.now), Content: content });
      // Recorded for an account without a report; AWS's description when an expired report is
      // replaced is not confirmed.
      return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
    });
  },
};

export const getCredentialReport: OperationDef = {
  name: 'GetCredentialReport',
  readOnly: true,
  authorize: () => ({ action: 'iam:GetCredentialReport', resource: '*' }),
  async handler(_input, ctx) {
    const report = await ctx.store.read.credentialReports.getById(ctx.accountId);
    if (report === undefined) throw iamMessages.reportNotPresent();
    if (!isFresh(report, ctx.now)) throw iamMessages.reportExpired();
    return { Content: Buffer.from(report.Content, 'utf8'), ReportFormat: 'text/csv', GeneratedTime: wireDate(report.GeneratedTime) };
  },
};

export const credentialReportOperations: readonly OperationDef[] = [generateCredentialReport, getCredentialReport];
