/**
 * Random bytes for the request path (key IDs, secrets, the IVs of session tokens), from the same
 * CSPRNG as `crypto.randomBytes`, but drawn from a 4 KiB block filled at once: one
 * `randomBytes` call per value costs more than the value's use (AssumeRole takes three). Each
 * byte is handed out once; a block is never refilled in place, so a returned buffer stays its
 * holder's.
 */
import { randomBytes, randomFillSync } from 'node:crypto';

const BLOCK_BYTES = 4096;
/** Larger requests are not worth pooling. */
const MAX_POOLED = 256;

let block = Buffer.alloc(0);
let offset = 0;

/** `n` fresh random bytes. */
export function pooledRandomBytes(n: number): Buffer {
  if (n > MAX_POOLED) return randomBytes(n);
  if (offset + n > block.length) {
    block = randomFillSync(Buffer.allocUnsafeSlow(BLOCK_BYTES));
    offset = 0;
  }
  const out = block.subarray(offset, offset + n);
  offset += n;
  return out;
}
