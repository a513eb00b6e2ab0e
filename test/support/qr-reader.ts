/**
 * Reads a QR code out of a PNG the way a phone's authenticator app would see it: pngjs decodes the
 * image, jsQR finds and decodes the code. Neither shares code with the server's QR writer.
 */
import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { readonly data: string } | null;
// jsQR is CommonJS whose types declare an ES default export; Node hands ESM the function itself.
const jsQR: JsQr = ((jsQRModule as unknown as { default?: JsQr }).default ?? jsQRModule) as unknown as JsQr;

/** The text of the QR code in `png`; undefined when no QR code is found. */
export function readQrCode(png: Uint8Array): string | undefined {
  const image = PNG.sync.read(Buffer.from(png));
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}
