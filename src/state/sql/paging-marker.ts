/**
 * Opaque paging markers: the position after the last item returned, as base64url JSON. IAM markers
 * are at most 320 printable characters; ours stay well under for IAM's names and IDs.
 */
import { InvalidMarkerError } from '../store-errors.js';

export function encodeMarker(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** Decodes a marker made by `encodeMarker` with the given element types. */
export function decodeMarker<const T extends readonly ('string' | 'number')[]>(
  marker: string,
  shape: T,
): { [I in keyof T]: T[I] extends 'number' ? number : string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidMarkerError(marker);
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== shape.length ||
    !parsed.every((v, i) => typeof v === shape[i])
  ) {
    throw new InvalidMarkerError(marker);
  }
  return parsed as { [I in keyof T]: T[I] extends 'number' ? number : string };
}

/** Clamps a page size to 1..max, defaulting when absent. */
export function pageSize(requested: number | undefined, fallback: number, max: number): number {
  if (requested === undefined) return fallback;
  if (!Number.isInteger(requested) || requested < 1) return 1;
  return Math.min(requested, max);
}
