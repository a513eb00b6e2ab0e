/**
 * A time as AWS writes it in IAM, STS and CloudTrail: ISO 8601 in UTC to the second
 * (`2026-11-25T10:00:00Z`), milliseconds dropped. Times of the same second share one formatted
 * string, so a busy server formats once a second, not once per request.
 */
let lastSecond = Number.NaN;
let lastText = '';

export function isoSeconds(time: Date | number): string {
  const second = Math.floor((typeof time === 'number' ? time : time.getTime()) / 1000);
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = second;
  }
  return lastText;
}
