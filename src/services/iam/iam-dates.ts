/** IAM's timestamps: stored as ISO 8601 to the second, returned as `Date`s for the encoder. */
import type { IsoDate } from '../../state/records.js';

/** `2024-05-01T12:00:00Z`: IAM reports times to the second. */
export function isoSeconds(date: Date): IsoDate {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function wireDate(iso: IsoDate): Date {
  return new Date(iso);
}
