/**
 * Date values of the Date operators, on both sides: the W3C profile of ISO 8601 (with or without a
 * time, `Z` or an offset, fractional seconds) or epoch (UNIX) seconds
 * (reference_policies_elements_condition_operators.md, "Date condition operators").
 *
 * The forms follow what IAM's policy parser accepts as recorded from its responses: a value with a
 * `T` or a `-` is a date (the year may be signed, the month, day and time parts are optional, the
 * hour may have one digit, an offset may be `+hh` or `+hh:mm`), any other value is epoch seconds
 * from 0 to 9223372036854775807. Negative offsets (`-05:00`) are part of the W3C profile and are
 * accepted too. Scanned by index, without building strings: request values are read per request.
 */

const MIN_YEAR = -292275054;
const MAX_YEAR = 292278993;
const MAX_EPOCH = '9223372036854775807';
const MAX_FRACTION = 999999999;
const MS_PER_DAY = 86_400_000;
/** Milliseconds in an hour, a minute, a second; and each one's largest value. */
const TIME_UNITS: readonly number[] = [3_600_000, 60_000, 1000];
const TIME_LIMITS: readonly number[] = [23, 59, 59];

/** Milliseconds since 1970-01-01T00:00:00Z (with a fraction for sub-millisecond times); undefined when unreadable. */
export function parseDate(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x74 || c === 0x54 || c === 0x2d) return parseIsoDate(text);
  }
  return parseEpochSeconds(text);
}

function parseEpochSeconds(text: string): number | undefined {
  const end = digitsEnd(text, 0);
  if (end === 0 || end !== text.length) return undefined;
  let first = 0;
  while (first < end - 1 && text.charCodeAt(first) === 0x30) first++;
  const length = end - first;
  if (length > MAX_EPOCH.length) return undefined;
  if (length === MAX_EPOCH.length && text.slice(first) > MAX_EPOCH) return undefined;
  return Number(text) * 1000;
}

function parseIsoDate(text: string): number | undefined {
  const n = text.length;
  let i = 0;
  const negative = text.charCodeAt(0) === 0x2d;
  if (negative) i++;
  let end = digitsEnd(text, i);
  if (end === i) return undefined;
  const year = (negative ? -1 : 1) * digitsValue(text, i, end);
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  i = end;
  let month = 1;
  let day = 1;
  if (i < n && text.charCodeAt(i) === 0x2d) {
    end = digitsEnd(text, ++i);
    if (end === i) return undefined;
    month = digitsValue(text, i, end);
    if (month < 1 || month > 12) return undefined;
    i = end;
    if (i < n && text.charCodeAt(i) === 0x2d) {
      end = digitsEnd(text, ++i);
      if (end === i) return undefined;
      day = digitsValue(text, i, end);
      if (day < 1 || day > 31) return undefined;
      i = end;
    }
  }
  const date = daysFromCivil(year, month, day) * MS_PER_DAY;
  if (i === n) return date;
  const t = text.charCodeAt(i);
  if (t !== 0x74 && t !== 0x54) return undefined;
  i++;
  if (i === n) return date;

  // hh[:mm[:ss[.fraction]]] then an optional zone, after any of them.
  let time = 0;
  for (let k = 0; k < 3; k++) {
    end = digitsEnd(text, i);
    if (end === i || (k === 0 ? end - i > 2 : end - i !== 2)) return undefined;
    const value = digitsValue(text, i, end);
    if (value > TIME_LIMITS[k]!) return undefined;
    time += value * TIME_UNITS[k]!;
    i = end;
    if (k === 2 && i < n && text.charCodeAt(i) === 0x2e) {
      end = digitsEnd(text, ++i);
      if (end === i) return undefined;
      const fraction = digitsValue(text, i, end);
      if (fraction > MAX_FRACTION) return undefined;
      time += (fraction / 10 ** (end - i)) * 1000;
      i = end;
    }
    if (i === n || text.charCodeAt(i) !== 0x3a || k === 2) break;
    i++;
  }
  if (i === n) return date + time;
  const zone = text.charCodeAt(i);
  if ((zone === 0x7a || zone === 0x5a) && i + 1 === n) return date + time;
  if (zone !== 0x2b && zone !== 0x2d) return undefined;
  i++;
  end = digitsEnd(text, i);
  if (end - i !== 2) return undefined;
  const hours = digitsValue(text, i, end);
  if (hours > 23) return undefined;
  let minutes = 0;
  i = end;
  if (i < n) {
    if (text.charCodeAt(i) !== 0x3a) return undefined;
    end = digitsEnd(text, ++i);
    if (end - i !== 2 || end !== n) return undefined;
    minutes = digitsValue(text, i, end);
    if (minutes > 59) return undefined;
  }
  const offset = (hours * 60 + minutes) * 60_000;
  return date + time - (zone === 0x2b ? offset : -offset);
}

function digitsEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    i++;
  }
  return i;
}

function digitsValue(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + (text.charCodeAt(i) - 0x30);
  return value;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (day overflow rolls into the next month). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
