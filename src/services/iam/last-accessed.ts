/**
 * Service last-accessed data, computed from the entity's policies and the audit trail:
 * GenerateServiceLastAccessedDetails, GetServiceLastAccessedDetails,
 * GetServiceLastAccessedDetailsWithEntities and ListPoliciesGrantingServiceAccess
 * (access_policies_last-accessed; the operations' API reference).
 *
 * A report lists every service the entity's identity policies allow (namespace-access.ts), each
 * with the last authenticated attempt of the entities it covers (trail-uses.ts). The report is
 * computed when it is generated, so its job is COMPLETED at once; IAM computes it in the
 * background, and callers poll JobStatus either way.
 *
 * ACTION_LEVEL reports add, for the services IAM tracks at action level, the tracked actions the
 * policies allow: AWS tracks the management actions of its services ("creation, deletion, and
 * modification actions"), taken here as the actions whose access level is not Read or List. IAM
 * has tracked Amazon S3, Amazon EC2, IAM and AWS Lambda since 2023 and adds services over time; only
 * these four are tracked here. Tracked actions never attempted are listed by name alone.
 */
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../aws/aws-error.js';
import type { WireRecord } from '../../aws/wire-value.js';
import { validatePolicy } from '../../policy/index.js';
import type { NormalizedStatement } from '../../policy/types.js';
import type { AccessReportRecord, AccessReportService, AccessReportUse } from '../../state/records.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { isoSeconds, wireDate } from './iam-dates.js';
import { optionalString, requiredString, stringList } from './input-fields.js';
import { NamespaceAccess } from './namespace-access.js';
import { pageFields, pageInMemory, pageRequest } from './paging.js';
import { reportSubject, type SubjectPolicy } from './report-subject.js';
import { ServiceCatalogue } from './service-catalogue.js';
import { trailUses } from './trail-uses.js';

/** Services whose actions IAM reports last-accessed data for (see above). */
const TRACKED_SERVICES: ReadonlySet<string> = new Set(['s3', 'ec2', 'iam', 'lambda']);

/** Management actions: every access level but reading and listing. */
function isManagementAction(accessLevel: string): boolean {
  return accessLevel.split(', ').some((level) => level !== 'Read' && level !== 'List');
}

function statementsOf(policies: readonly SubjectPolicy[]): NormalizedStatement[] {
  const out: NormalizedStatement[] = [];
  for (const p of policies) {
    const checked = validatePolicy(p.document, 'identity');
    if (checked.ok) out.push(...checked.policy.statements);
  }
  return out;
}

/**
 * A job of this account. AWS's answer for a JobId it does not know is not known from a recording;
 * it is answered as IAM answers other missing entities.
 */
async function requireReport(ctx: OperationContext, jobId: string): Promise<AccessReportRecord> {
  const report = await ctx.store.read.accessReports.getById(jobId);
  if (report?.AccountId !== ctx.accountId) throw new AwsError('NoSuchEntity', `The job with ID ${jobId} cannot be found.`);
  return report;
}

function arnResource(arn: string): string {
  return /^arn:[a-z-]+:iam::(\d{12}|aws):(user|group|role|policy)\//.test(arn) ? arn : '*';
}

function jobFields(report: AccessReportRecord): WireRecord {
  return { JobStatus: 'COMPLETED', JobCreationDate: wireDate(report.JobCreationDate), JobCompletionDate: wireDate(report.JobCompletionDate) };
}

/** The latest of several uses, or undefined. */
function latest<T extends { readonly time: string }>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || item.time > best.time) best = item;
  return best;
}

function serviceShape(report: AccessReportRecord, service: AccessReportService, uses: readonly AccessReportUse[]): WireRecord {
  const last = latest(uses.map((u) => ({ time: u.LastAuthenticated, use: u })));
  // "This field is null if there no tracked actions".
  const tracked =
    service.TrackedActions === undefined || service.TrackedActions.length === 0
      ? {}
      : {
          TrackedActionsLastAccessed: service.TrackedActions.map((name) => {
            const attempts = uses.flatMap((u) => (u.Actions ?? []).filter((a) => a.ActionName === name).map((a) => ({ time: a.LastAccessedTime, action: a, entity: u.Entity })));
            const hit = latest(attempts);
            if (hit === undefined) return { ActionName: name };
            return {
              ActionName: name,
              LastAccessedEntity: report.Entities[hit.entity]?.Arn ?? '',
              LastAccessedTime: wireDate(hit.time),
              LastAccessedRegion: hit.action.Region,
            };
          }),
        };
  return {
    ServiceName: service.ServiceName,
    ...(last === undefined ? {} : { LastAuthenticated: wireDate(last.time) }),
    ServiceNamespace: service.ServiceNamespace,
    ...(last === undefined
      ? {}
      : { LastAuthenticatedEntity: report.Entities[last.use.Entity]?.Arn ?? '', LastAuthenticatedRegion: last.use.Region }),
    TotalAuthenticatedEntities: new Set(uses.map((u) => u.Entity)).size,
    ...tracked,
  };
}

export const generateServiceLastAccessedDetails: OperationDef = {
  name: 'GenerateServiceLastAccessedDetails',
  readOnly: false,
  authorize: (input) => ({ action: 'iam:GenerateServiceLastAccessedDetails', resource: arnResource(requiredString(input, 'Arn')) }),
  async handler(input, ctx) {
    const arn = requiredString(input, 'Arn');
    const granularity = (optionalString(input, 'Granularity') ?? 'SERVICE_LEVEL') as AccessReportRecord['JobType'];
    const read = ctx.store.read;
    const subject = await reportSubject(read, ctx.accountId, arn, true);
    const catalogue = new ServiceCatalogue();
    const access = new NamespaceAccess(statementsOf(subject.policies), catalogue);
    const services: AccessReportService[] = [];
    for (const s of await catalogue.services()) {
      if (!(await access.allowsService(s.namespace))) continue;
      if (granularity === 'ACTION_LEVEL' && TRACKED_SERVICES.has(s.namespace)) {
        const levels = new Map((await catalogue.actions(s.namespace)).map((a) => [a.name, a.accessLevel]));
        const tracked = (await access.allowedActions(s.namespace)).filter((name) => isManagementAction(levels.get(name) ?? 'Read')).sort();
        services.push({ ServiceNamespace: s.namespace, ServiceName: s.name, TrackedActions: tracked });
      } else {
        services.push({ ServiceNamespace: s.namespace, ServiceName: s.name });
      }
    }
    const tracked = granularity === 'ACTION_LEVEL' ? TRACKED_SERVICES : new Set<string>();
    const report: AccessReportRecord = {
      AccountId: ctx.accountId,
      JobId: randomUUID(),
      JobType: granularity,
      EntityArn: arn,
      JobCreationDate: isoSeconds(ctx.now),
      JobCompletionDate: isoSeconds(ctx.now),
      Entities: subject.entities,
      Services: services,
      Uses: await trailUses(read.audit, ctx.accountId, subject.entities, tracked),
    };
    await ctx.store.transaction((tx) => tx.accessReports.put(report));
    return { JobId: report.JobId };
  },
};

export const getServiceLastAccessedDetails: OperationDef = {
  name: 'GetServiceLastAccessedDetails',
  readOnly: true,
  authorize: () => ({ action: 'iam:GetServiceLastAccessedDetails', resource: '*' }),
  async handler(input, ctx) {
    const report = await requireReport(ctx, requiredString(input, 'JobId'));
    const byNamespace = new Map<string, AccessReportUse[]>();
    for (const u of report.Uses) byNamespace.set(u.ServiceNamespace, [...(byNamespace.get(u.ServiceNamespace) ?? []), u]);
    // "By default, the list is sorted by service namespace."
    const page = pageInMemory(report.Services, pageRequest(input));
    return {
      ...jobFields(report),
      JobType: report.JobType,
      ServicesLastAccessed: page.items.map((s) => serviceShape(report, s, byNamespace.get(s.ServiceNamespace) ?? [])),
      ...pageFields(page),
    };
  },
};

export const getServiceLastAccessedDetailsWithEntities: OperationDef = {
  name: 'GetServiceLastAccessedDetailsWithEntities',
  readOnly: true,
  authorize: () => ({ action: 'iam:GetServiceLastAccessedDetailsWithEntities', resource: '*' }),
  async handler(input, ctx) {
    const report = await requireReport(ctx, requiredString(input, 'JobId'));
    const namespace = requiredString(input, 'ServiceNamespace');
    const last = new Map(report.Uses.filter((u) => u.ServiceNamespace === namespace).map((u) => [u.Entity, u.LastAuthenticated]));
    // "By default, the list of associated entities is sorted by date, with the most recent access
    // listed first"; entities that never attempted it follow, by name.
    const entities = report.Entities.map((e, i) => ({ e, at: last.get(i) })).sort((a, b) => {
      if (a.at !== b.at) return a.at === undefined ? 1 : b.at === undefined ? -1 : a.at < b.at ? 1 : -1;
      return a.e.Name.toLowerCase() < b.e.Name.toLowerCase() ? -1 : 1;
    });
    const page = pageInMemory(entities, pageRequest(input));
    return {
      ...jobFields(report),
      EntityDetailsList: page.items.map(({ e, at }) => ({
        EntityInfo: { Arn: e.Arn, Name: e.Name, Type: e.Type, Id: e.Id, Path: e.Path },
        ...(at === undefined ? {} : { LastAuthenticated: wireDate(at) }),
      })),
      ...pageFields(page),
    };
  },
};

export const listPoliciesGrantingServiceAccess: OperationDef = {
  name: 'ListPoliciesGrantingServiceAccess',
  readOnly: true,
  authorize: (input) => ({ action: 'iam:ListPoliciesGrantingServiceAccess', resource: arnResource(requiredString(input, 'Arn')) }),
  async handler(input, ctx) {
    const subject = await reportSubject(ctx.store.read, ctx.accountId, requiredString(input, 'Arn'), false);
    const namespaces = stringList(input, 'ServiceNamespaces') ?? [];
    const catalogue = new ServiceCatalogue();
    const perPolicy = subject.policies.map((p) => ({ p, access: new NamespaceAccess(statementsOf([p]), catalogue) }));
    const entries: WireRecord[] = [];
    for (const namespace of namespaces) {
      const ns = namespace.toLowerCase();
      const granting: WireRecord[] = [];
      for (const { p, access } of perPolicy) {
        if (!(await access.allowsService(ns))) continue;
        granting.push(
          p.PolicyType === 'MANAGED'
            ? { PolicyName: p.PolicyName, PolicyType: 'MANAGED', PolicyArn: p.PolicyArn ?? '' }
            : { PolicyName: p.PolicyName, PolicyType: 'INLINE', EntityType: p.EntityType ?? 'USER', EntityName: p.EntityName ?? '' },
        );
      }
      entries.push({ ServiceNamespace: namespace, Policies: granting });
    }
    return { PoliciesGrantingServiceAccess: entries, IsTruncated: false };
  },
};

export const lastAccessedOperations: readonly OperationDef[] = [
  generateServiceLastAccessedDetails,
  getServiceLastAccessedDetails,
  getServiceLastAccessedDetailsWithEntities,
  listPoliciesGrantingServiceAccess,
];
