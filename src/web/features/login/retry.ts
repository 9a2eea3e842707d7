/** "45 seconds", "1 minute", "5 minutes", "2 hours": a wait in words, rounded up. */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (s < 60) return plural(s, 'second');
  if (s < 600 && s % 60 !== 0) return `${plural(Math.floor(s / 60), 'minute')} ${plural(s % 60, 'second')}`;
  const m = Math.ceil(s / 60);
  if (m < 60) return plural(m, 'minute');
  return plural(Math.ceil(m / 60), 'hour');
}

/** Keeps only digits, at most six: authenticator codes are often pasted as "123 456". */
export function cleanOtp(value: string): string {
  return value.replace(/\D/g, '').slice(0, 6);
}
