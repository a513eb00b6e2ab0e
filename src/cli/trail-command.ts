/**
 * `gatehouse trail`: the audit trail of a running Gatehouse, through CloudTrail's LookupEvents.
 *
 * `--json` prints `{ "events": [ <CloudTrail record>, ... ] }`, newest first; each record is
 * CloudTrail's event record shape plus `gatehouse` (the decision: `decision`, `summary`,
 * `deciding`, and for denials `deniedBy`, `message`, `policies`, `fix`).
 */
import { callEndpoint } from './endpoint-call.js';
import { signRequest } from './signed-request.js';
import type { StaticCredentials } from '../server/credentials-file.js';

export interface TrailOptions {
  readonly endpoint: string;
  readonly credentials: StaticCredentials;
  readonly region: string;
  readonly eventName?: string;
  readonly user?: string;
  readonly accessKey?: string;
  readonly deniedOnly: boolean;
  readonly since?: Date;
  readonly max: number;
}

export interface TrailRecord {
  readonly eventTime: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly userIdentity?: { readonly arn?: string; readonly type?: string };
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly gatehouse?: { readonly decision?: string; readonly summary?: string; readonly fix?: { readonly text?: string } };
  readonly [key: string]: unknown;
}

interface LookupEventsOutput {
  readonly Events?: readonly { readonly CloudTrailEvent?: string }[];
  readonly NextToken?: string;
  readonly __type?: string;
  readonly message?: string;
  readonly Message?: string;
}

export async function fetchTrail(o: TrailOptions): Promise<TrailRecord[]> {
  const out: TrailRecord[] = [];
  let nextToken: string | undefined;
  const attribute =
    o.eventName !== undefined
      ? { AttributeKey: 'EventName', AttributeValue: o.eventName }
      : o.user !== undefined
        ? { AttributeKey: 'Username', AttributeValue: o.user }
        : o.accessKey !== undefined
          ? { AttributeKey: 'AccessKeyId', AttributeValue: o.accessKey }
          : undefined;
  while (out.length < o.max) {
    const body = JSON.stringify({
      ...(attribute !== undefined ? { LookupAttributes: [attribute] } : {}),
      ...(o.since !== undefined ? { StartTime: o.since.getTime() / 1000 } : {}),
      MaxResults: 50,
      ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
    });
    const url = `${o.endpoint}/`;
    const headers = signRequest(
      { method: 'POST', url, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents' }, body },
      o.credentials,
      o.region,
      'cloudtrail',
      new Date(),
    );
    delete headers.host;
    const res = await callEndpoint(o.endpoint, url, { method: 'POST', headers, body });
    const data = (await res.json()) as LookupEventsOutput;
    if (!res.ok) throw new Error(`${data.__type ?? res.status}: ${data.message ?? data.Message ?? ''}`);
    for (const e of data.Events ?? []) {
      if (e.CloudTrailEvent === undefined) continue;
      const record = JSON.parse(e.CloudTrailEvent) as TrailRecord;
      if (o.deniedOnly && record.errorCode !== 'AccessDenied' && record.errorCode !== 'AccessDeniedException') continue;
      out.push(record);
      if (out.length >= o.max) break;
    }
    nextToken = data.NextToken;
    if (nextToken === undefined) break;
  }
  return out;
}

/**
 * One line per event: time, event, caller, outcome. Errors add AWS's message; denials add why
 * (the engine's summary) and what to change.
 */
export function formatTrail(records: readonly TrailRecord[]): string {
  if (records.length === 0) return 'No events.';
  return records
    .map((r) => {
      const outcome = r.errorCode !== undefined ? r.errorCode : 'OK';
      const lines = [`${r.eventTime}  ${r.eventSource.replace('.amazonaws.com', '')}:${r.eventName}  ${r.userIdentity?.arn ?? '-'}  ${outcome}`];
      if (r.errorMessage !== undefined && r.errorMessage !== '') lines.push(`    ${r.errorMessage}`);
      const g = r.gatehouse;
      if (g !== undefined && g.decision !== undefined && g.decision !== 'Allow') {
        for (const line of (g.summary ?? '').split('\n')) if (line !== '') lines.push(`    why: ${line}`);
        if (g.fix?.text !== undefined) lines.push(`    fix: ${g.fix.text}`);
      }
      return lines.join('\n');
    })
    .join('\n');
}
