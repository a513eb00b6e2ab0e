/**
 * Checking TOTP codes against a virtual MFA device: the pair of consecutive codes of
 * EnableMFADevice and ResyncMFADevice, and the single code of an MFA-authenticated STS request
 * (`verifyTotp`, for GetSessionToken / AssumeRole with SerialNumber and TokenCode).
 *
 * The seed is opened from its sealed form only here. Every accepted code moves the device's last
 * used time step forward, inside the same transaction, so no code is ever accepted twice.
 */
import type { SecretSealer } from '../../state/secret-sealer.js';
import type { Store } from '../../state/store.js';
import type { VirtualMfaDeviceRecord } from '../../state/records.js';
import { sameCode, timeStep, totpCode } from './totp.js';

/** The seed size: 40 bytes, 64 base32 characters, as long as the seeds AWS hands out. */
export const SEED_BYTES = 40;

/** How many time steps behind and ahead of the current one the second of two codes may lie. */
export interface PairWindow {
  readonly behind: number;
  readonly ahead: number;
}

/**
 * EnableMFADevice: up to 20 steps (10 minutes) late, one step early. AWS accepts late codes at
 * enabling ("the MFA device successfully associates with the user but the MFA device becomes out
 * of sync") and does not document its window; this one is chosen here.
 */
export const ENABLE_WINDOW: PairWindow = { behind: 20, ahead: 1 };
/** ResyncMFADevice: a device clock up to 10 minutes slow or fast (AWS's window is not documented). */
export const RESYNC_WINDOW: PairWindow = { behind: 20, ahead: 20 };
/** A single code (STS) is accepted one step either side of the device's time. */
export const SINGLE_CODE_WINDOW_STEPS = 1;

export function deviceSeed(sealer: SecretSealer, device: VirtualMfaDeviceRecord): Buffer {
  return sealer.open(device.SealedSeed, device.SerialNumber);
}

/**
 * The time step of `code2` when `code1` and `code2` are the device's codes for two consecutive
 * steps, the second within the window around `now` and after `lastUsedStep`; undefined otherwise.
 * The latest such pair wins.
 */
export function consecutiveCodesStep(
  seed: Uint8Array,
  code1: string,
  code2: string,
  now: Date,
  lastUsedStep: number | undefined,
  window: PairWindow,
): number | undefined {
  const current = timeStep(now);
  for (let second = current + window.ahead; second >= current - window.behind; second--) {
    if (lastUsedStep !== undefined && second - 1 <= lastUsedStep) return undefined;
    if (sameCode(code2, totpCode(seed, second)) && sameCode(code1, totpCode(seed, second - 1))) return second;
  }
  return undefined;
}

export type TotpCheck =
  | { readonly ok: true; readonly userId: string; readonly step: number }
  | { readonly ok: false; readonly reason: 'no-such-device' | 'not-enabled' | 'invalid-code' | 'code-reused' };

export interface TotpDeps {
  readonly store: Store;
  readonly sealer: SecretSealer;
  /** The account the device must belong to. */
  readonly accountId: string;
}

/**
 * Checks one six-digit code from the virtual MFA device `serialNumber` at `now`, for STS: the
 * device must be of the account and enabled for a user (its `userId` is returned, for the caller
 * to compare with the requesting user), the code must be the device's code for a step within one
 * step of the device's time (its clock drift as ResyncMFADevice measured it), and no code of that
 * step or a later one may have been accepted before. An accepted code is recorded at once.
 */
export async function verifyTotp(deps: TotpDeps, serialNumber: string, code: string, now: Date): Promise<TotpCheck> {
  return deps.store.transaction(async (tx): Promise<TotpCheck> => {
    const device = await tx.virtualMfaDevices.getById(serialNumber);
    if (device === undefined || device.AccountId !== deps.accountId) return { ok: false, reason: 'no-such-device' };
    if (device.UserId === undefined) return { ok: false, reason: 'not-enabled' };
    const seed = deviceSeed(deps.sealer, device);
    const center = timeStep(now) + (device.DriftSteps ?? 0);
    let matched: number | undefined;
    for (let step = center + SINGLE_CODE_WINDOW_STEPS; step >= center - SINGLE_CODE_WINDOW_STEPS; step--) {
      if (sameCode(code, totpCode(seed, step))) {
        matched = step;
        break;
      }
    }
    if (matched === undefined) return { ok: false, reason: 'invalid-code' };
    if (device.LastUsedStep !== undefined && matched <= device.LastUsedStep) return { ok: false, reason: 'code-reused' };
    await tx.virtualMfaDevices.put({ ...device, LastUsedStep: matched });
    return { ok: true, userId: device.UserId, step: matched };
  });
}
