/**
 * CloudTrail's LookupEvents over Gatehouse's audit trail: newest first, LookupAttributes (one
 * attribute, as CloudTrail allows), StartTime/EndTime, MaxResults (1..50), NextToken.
 */
import { AwsError } from '../../aws/aws-error.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { AuditFilter } from '../../state/store.js';
import type { OperationDef } from '../operation.js';
import { isoSeconds } from '../../aws/iso-seconds.js';

/** LookupAttributes keys → audit filter members. */
const ATTRIBUTE_FILTERS: Readonly<Record<string, (v: string) => AuditFilter>> = {
  EventId: (v) => ({ EventId: v }),
  EventName: (v) => ({ EventName: v }),
  EventSource: (v) => ({ EventSource: v }),
  Username: (v) => ({ Username: v }),
  AccessKeyId: (v) => ({ AccessKeyId: v }),
  ReadOnly: (v) => ({ ReadOnly: v === 'true' }),
  ResourceType: (v) => ({ ResourceType: v }),
  ResourceName: (v) => ({ ResourceName: v }),
};

/** Flushes events still pending, so a caller sees its own earlier requests. */
export type TrailFlush = () => Promise<void>;

export function lookupEventsOperation(flush: TrailFlush): OperationDef {
  return {
    name: 'LookupEvents',
    readOnly: true,
    authorize: () => ({ action: 'cloudtrail:LookupEvents', resource: '*' }),
    async handler(input, ctx) {
      await flush();
      const attrs = (input.LookupAttributes as readonly WireRecord[] | undefined) ?? [];
      if (attrs.length > 1) {
        // CloudTrail's wording for more than one lookup attribute is not known from a recording.
        throw new AwsError('InvalidLookupAttributesException', 'You can specify only one lookup attribute.', 400, 'Sender');
      }
      let filter: AuditFilter = { AccountId: ctx.accountId };
      const first = attrs[0];
      if (first !== undefined) {
        const key = typeof first.AttributeKey === 'string' ? first.AttributeKey : '';
        const make = ATTRIBUTE_FILTERS[key];
        if (make === undefined) throw new AwsError('InvalidLookupAttributesException', `Invalid attribute key: ${key}`, 400, 'Sender');
        filter = { ...filter, ...make(typeof first.AttributeValue === 'string' ? first.AttributeValue : '') };
      }
      const start = input.StartTime instanceof Date ? input.StartTime : undefined;
      const end = input.EndTime instanceof Date ? input.EndTime : undefined;
      if (start !== undefined && end !== undefined && start > end) {
        throw new AwsError('InvalidTimeRangeException', 'Start time must be before end time.', 400, 'Sender');
      }
      const page = await ctx.store.read.audit.query({
        startTime: start !== undefined ? isoSeconds(start) : undefined,
        endTime: end !== undefined ? isoSeconds(end) : undefined,
        filter,
        maxResults: typeof input.MaxResults === 'number' ? input.MaxResults : undefined,
        nextToken: typeof input.NextToken === 'string' ? input.NextToken : undefined,
      });
      return {
        Events: page.events.map((e) => ({
          EventId: e.EventId,
          EventName: e.EventName,
          ReadOnly: String(e.ReadOnly),
          ...(e.AccessKeyId !== undefined ? { AccessKeyId: e.AccessKeyId } : {}),
          EventTime: new Date(e.EventTime),
          EventSource: e.EventSource,
          ...(e.Username !== undefined ? { Username: e.Username } : {}),
          Resources: e.Resources.map((r) => ({ ResourceType: r.ResourceType, ResourceName: r.ResourceName })),
          CloudTrailEvent: JSON.stringify(e.CloudTrailEvent),
        })),
        ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
      };
    },
  };
}
