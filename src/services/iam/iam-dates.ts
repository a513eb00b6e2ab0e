/** IAM's timestamps: stored as ISO 8601 to the second, returned as `Date`s for the encoder. */
import type { IsoDate } from '../../state/records.js';

/** `2024-05-01T12:00:00Z`: IAM reports times to the second. */
export { isoSeconds } from '../../aws/iso-seconds.js';

export function wireDate(iso: IsoDate): Date {
  return new Date(iso);
}
