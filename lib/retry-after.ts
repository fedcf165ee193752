/**
 * How long a refused request asks the client to wait, in whole seconds. Better Auth's rate limiter answers 429 with
 * `X-Retry-After: <seconds>`; the two-factor lockout sends the standard `Retry-After`, which may also be an HTTP
 * date (RFC 9110 §10.2.3). Undefined when neither header says anything usable.
 */
export function readRetryAfterS(headers: Headers, nowMs: number = Date.now()): number | undefined {
  for (const name of ['retry-after', 'x-retry-after']) {
    const value = headers.get(name)?.trim()
    if (!value) continue
    if (/^\d+$/.test(value)) return Math.max(1, Number(value))
    // Only a date with a day or month name: Date.parse reads "-5" as the year 5 BC.
    const atMs = /[a-z]/i.test(value) ? Date.parse(value) : NaN
    if (Number.isFinite(atMs)) return Math.max(1, Math.ceil((atMs - nowMs) / 1000))
  }
  return undefined
}

/** "1 second", "42 seconds", "15 minutes": whole minutes from two minutes up, rounded up so nobody tries too early. */
export function describeWait(seconds: number): string {
  if (seconds < 120) return seconds === 1 ? '1 second' : `${seconds} seconds`
  return `${Math.ceil(seconds / 60)} minutes`
}
