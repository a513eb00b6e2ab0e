/**
 * Date condition values as IAM's older parser reads them: an ISO 8601 date or date-time, or a count
 * of seconds since the epoch (reference_policies_elements_condition_operators.md, date
 * operators). A value it cannot read makes IAM answer "The policy failed legacy parsing".
 */

const MAX_EPOCH = 9223372036854775807n;
const DIGITS = /^-?\d+$/;

/** Whether IAM's parser reads `value` as a date. */
export function isLegacyDate(value: string): boolean {
  const v = value.toLowerCase();
  if (v.includes('t') || v.includes('-')) return isIsoDateTime(v);
  if (!/^\d+$/.test(v)) return false;
  return BigInt(v) <= MAX_EPOCH;
}

function intIn(text: string | undefined, min: number, max: number): boolean {
  if (text === undefined || !DIGITS.test(text)) return false;
  const n = Number(text);
  return n >= min && n <= max;
}

function isIsoDateTime(v: string): boolean {
  const t = v.indexOf('t');
  const datePart = t < 0 ? v : v.slice(0, t);
  const timePart = t < 0 ? '' : v.slice(t + 1);
  const negative = datePart.startsWith('-');
  const dateFields = (negative ? datePart.slice(1) : datePart).split('-');
  if (dateFields.length > 3) return false;
  const year = (negative ? '-' : '') + (dateFields[0] ?? '');
  if (!intIn(year, -292275054, 292278993)) return false;
  if (dateFields.length > 1 && !intIn(dateFields[1], 1, 12)) return false;
  if (dateFields.length > 2 && !intIn(dateFields[2], 1, 31)) return false;
  return timePart === '' || isTime(timePart);
}

function isTime(time: string): boolean {
  const fields = time.split(':');
  if (fields[0] !== '' && !intIn(fields[0], 0, 23)) return false;
  if (fields.length > 1 && !intIn(fields[1], 0, 59)) return false;
  if (fields.length < 3) return true;
  // Seconds, then a zone: "z", "+hh" or "+hh:mm".
  let seconds = fields[2] ?? '';
  const zoneMinutes = fields[3];
  if (seconds.includes('z')) {
    const [s, after] = seconds.split('z', 2);
    if (after !== '') return false;
    seconds = s ?? '';
  } else if (seconds.includes('+')) {
    const [s, hours] = seconds.split('+', 2);
    if (hours === undefined || hours.length !== 2 || !intIn(hours, 0, 23)) return false;
    if (zoneMinutes !== undefined && (zoneMinutes.length !== 2 || !intIn(zoneMinutes, 0, 59))) return false;
    seconds = s ?? '';
  }
  const [whole, fraction] = seconds.split('.', 2);
  if (!intIn(whole, 0, 59)) return false;
  return fraction === undefined || intIn(fraction, 0, 999999999);
}
