/**
 * What CreateVirtualMFADevice hands the user to load into an authenticator app: the seed as base32
 * text, and a QR code (PNG) of the `otpauth://totp/` URI carrying it (the Key Uri Format that
 * authenticator apps scan). The QR code is drawn by the `qrcode` package.
 *
 * The `qrcode` package is loaded on the first device made, not at start-up.
 *
 * AWS labels the entry "Amazon Web Services:<device name>@<account>"; the exact label and issuer
 * AWS writes into its URI are not confirmed by a recording.
 */
import { base32Encode } from '../../aws/base32.js';
import { TOTP_DIGITS, TOTP_STEP_SECONDS } from './totp.js';

export const MFA_ISSUER = 'Amazon Web Services';

export function otpauthUri(seed: Uint8Array, deviceName: string, accountId: string): string {
  const label = encodeURIComponent(`${MFA_ISSUER}:${deviceName}@${accountId}`);
  // Percent-encoded (spaces as %20, not `+`, which authenticator apps do not decode).
  const query = Object.entries({
    secret: base32Encode(seed),
    issuer: MFA_ISSUER,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  })
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `otpauth://totp/${label}?${query}`;
}

/** A PNG image of the QR code for `uri`. */
export async function qrCodePng(uri: string): Promise<Buffer> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 4 });
}
