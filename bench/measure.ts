/** Timing helpers for benchmarks: throughput over a time budget and per-call latency percentiles. */

export interface Throughput {
  readonly opsPerSec: number;
  readonly iterations: number;
}

/** Runs `fn` in batches until `millis` have passed; returns calls per second. */
export function throughput(fn: () => unknown, millis: number, batch = 1000): Throughput {
  for (let i = 0; i < batch * 5; i++) fn(); // warm-up
  let iterations = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(millis) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < batch; i++) fn();
    iterations += batch;
    elapsed = process.hrtime.bigint() - start;
  }
  return { opsPerSec: (iterations * 1e9) / Number(elapsed), iterations };
}

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Percentiles of a list of samples (any unit). */
export function percentiles(samples: ArrayLike<number>): Percentiles {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

/** Times `count` individual calls; returns percentiles in microseconds. */
export function latencyMicros(fn: (i: number) => unknown, count: number): Percentiles {
  for (let i = 0; i < Math.min(count, 10_000); i++) fn(i);
  // A typed array: storing a sample allocates nothing that the measured calls would collect.
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    fn(i);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return percentiles(samples);
}

/**
 * Times two workloads in alternating blocks of `block` calls until each has made `count` calls;
 * returns each one's percentiles in microseconds. Both see the same heap, the same collector and
 * the same moments of a busy machine, so a ratio of their tails measures the workloads, not when
 * each happened to run.
 */
export function interleavedLatencyMicros(a: (i: number) => unknown, b: (i: number) => unknown, count: number, block = 1000): [Percentiles, Percentiles] {
  for (let i = 0; i < Math.min(count, 10_000); i++) {
    a(i);
    b(i);
  }
  const sa = new Float64Array(count);
  const sb = new Float64Array(count);
  for (let start = 0; start < count; start += block) {
    const end = Math.min(count, start + block);
    for (let i = start; i < end; i++) {
      const t0 = process.hrtime.bigint();
      a(i);
      sa[i] = Number(process.hrtime.bigint() - t0) / 1000;
    }
    for (let i = start; i < end; i++) {
      const t0 = process.hrtime.bigint();
      b(i);
      sb[i] = Number(process.hrtime.bigint() - t0) / 1000;
    }
  }
  return [percentiles(sa), percentiles(sb)];
}
