/**
 * Uncounted load, at the counted concurrency, before a figure with a tail goal (p99 over p50) is
 * measured. Those figures are about a server that has been answering for a while, and a server's
 * first seconds under heavy load have a worse tail for every request. Signed GetCallerIdentity
 * with wrk at 64 connections, three-second phases after one second of warm-up: on Node 20 the
 * first phase's p99/p50 was 2.8 to 4.0 and the later phases' 2.3 to 2.95; on Node 24 the first
 * phase's was 4.1 to 6.6, and 2.7 or less after four seconds. Three seconds reach the steady state.
 */
export const STEADY_STATE_WARM_UP_MILLIS = 3000;
/** The same with `--quick`, whose phases are a second long. */
export const QUICK_STEADY_STATE_WARM_UP_MILLIS = 1000;

export function steadyStateWarmUpMillis(quick: boolean): number {
  return quick ? QUICK_STEADY_STATE_WARM_UP_MILLIS : STEADY_STATE_WARM_UP_MILLIS;
}
