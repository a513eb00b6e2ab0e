/**
 * How much audit trail a store keeps. CloudTrail's LookupEvents looks back 90 days, and a local
 * trail at a few kilobytes an event must not fill the disk under a long load test, so both stores
 * keep the newest events of that window, up to a count, trimming as they append.
 */
export interface AuditRetention {
  /** Events kept at most (the newest). */
  readonly maxEvents: number;
  /** Events older than this, in milliseconds, are dropped. */
  readonly maxAgeMs: number;
  /** The trail is trimmed after every this many appended events. */
  readonly trimEvery: number;
}

export const DEFAULT_AUDIT_RETENTION: AuditRetention = { maxEvents: 1_000_000, maxAgeMs: 90 * 24 * 3600 * 1000, trimEvery: 10_000 };
