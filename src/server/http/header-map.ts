/**
 * Request header fields by lowercase name, every value kept apart in the order sent — the form
 * SigV4 needs (a signer signs repeated fields joined with commas, as sent), built in one pass over
 * Node's raw header list.
 */
export type HeaderMap = ReadonlyMap<string, readonly string[]>;

/** From `IncomingMessage.rawHeaders` (name, value, name, value…). */
export function headerMap(raw: readonly string[]): HeaderMap {
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const values = map.get(name);
    if (values === undefined) map.set(name, [raw[i + 1]!]);
    else values.push(raw[i + 1]!);
  }
  return map;
}

/** The first value of a field, or undefined. */
export function firstHeader(headers: HeaderMap, lowercaseName: string): string | undefined {
  return headers.get(lowercaseName)?.[0];
}
