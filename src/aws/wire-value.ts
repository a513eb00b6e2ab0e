/**
 * The plain values the codecs produce and consume: a decoded request input, or a handler's output
 * before encoding. Structures are records keyed by the model's member names (`UserName`, `Tags`),
 * lists are arrays, maps are records, timestamps are `Date`s and blobs are bytes.
 */
export type WireScalar = string | number | boolean | Date | Uint8Array;
export type WireValue = WireScalar | readonly WireValue[] | WireRecord;
export interface WireRecord {
  readonly [member: string]: WireValue | undefined;
}

export function isWireRecord(value: WireValue | undefined): value is WireRecord {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}
