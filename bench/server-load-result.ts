/** What one load run measured, whichever generator ran it. */
export interface LoadResult {
  /** Answered requests. */
  readonly requests: number;
  /** Answers other than HTTP 200 (or transport errors, for wrk). */
  readonly failures: number;
  readonly firstFailure: string | undefined;
  readonly requestsPerSec: number;
  readonly p50Millis: number;
  readonly p99Millis: number;
}
