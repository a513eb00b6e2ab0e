/**
 * A request's time as AWS writes it (`2026-11-25T10:00:00Z`, to the second). Requests of the same
 * second share one formatted string, so the formatting is done once a second, not per request.
 */
let lastSecond = -1;
let lastText = '';

export function isoSeconds(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = second;
  }
  return lastText;
}
