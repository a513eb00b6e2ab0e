/** The request time: ISO 8601 basic format (`20150830T123600Z`), as in `X-Amz-Date`. */

const BASIC_FORMAT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** The last value parsed: a busy client sends the same second many times over. */
let lastValue = '';
let lastMs = 0;

/** Parses `YYYYMMDDTHHMMSSZ`; undefined unless it is exactly that form and a real instant. */
export function parseAmzDate(value: string): Date | undefined {
  if (value === lastValue) return new Date(lastMs);
  const date = parseAmzDateOnce(value);
  if (date !== undefined) {
    lastValue = value;
    lastMs = date.getTime();
  }
  return date;
}

function parseAmzDateOnce(value: string): Date | undefined {
  const m = BASIC_FORMAT.exec(value);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Reject 20150231T… and 25:00:00, which Date.UTC would roll over.
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  return date;
}

/** Formats an instant as `YYYYMMDDTHHMMSSZ` (seconds truncated). */
export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The request time from a `Date` header (RFC 7231 IMF-fixdate, e.g. `Sun, 30 Aug 2015 12:36:00 GMT`),
 * which AWS accepts when `X-Amz-Date` is absent. Undefined when it is not such a date.
 */
export function parseHttpDate(value: string): Date | undefined {
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
