/**
 * Have I Been Pwned's range API: the first five hex digits of the password's SHA-1 go out, every suffix with
 * that prefix comes back, and the match happens here. Needs fetch, so it runs only in HTTP actions (Better
 * Auth's handler), never in a query or mutation.
 */
const HASH_PREFIX_LENGTH = 5

async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()
}

/** True when the password appears in a known breach; null when the service could not be asked. */
export async function isPwnedPassword(password: string, rangeApiUrl: string): Promise<boolean | null> {
  const hash = await sha1Hex(password)
  const prefix = hash.slice(0, HASH_PREFIX_LENGTH)
  const suffix = hash.slice(HASH_PREFIX_LENGTH)
  let body: string
  try {
    // Padding makes every answer about the same size, so the response length does not hint at the prefix.
    const response = await fetch(`${rangeApiUrl}${prefix}`, { headers: { 'Add-Padding': 'true' } })
    if (!response.ok) return null
    body = await response.text()
  } catch {
    return null
  }
  return body.split('\n').some((line) => {
    const [candidate, count] = line.trim().split(':')
    return candidate === suffix && Number(count) > 0
  })
}
