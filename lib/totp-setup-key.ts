/**
 * The manual-entry form of a TOTP secret, for authenticator apps that cannot scan the QR code.
 * The secret is read from the `otpauth://` URI Better Auth returns; nothing else in the URI is shown.
 */
const SETUP_KEY_GROUP_LENGTH = 4

/** The base32 secret of an `otpauth://totp/...` URI, or null when the URI is not one. */
export function readTotpSecret(totpUri: string): string | null {
  let url: URL
  try {
    url = new URL(totpUri)
  } catch {
    return null
  }
  if (url.protocol !== 'otpauth:') return null
  const secret = url.searchParams.get('secret')?.replace(/=+$/, '').toUpperCase()
  return secret && /^[A-Z2-7]+$/.test(secret) ? secret : null
}

/** Groups of four characters: easier to read aloud and to type without losing your place. */
export function groupSetupKey(secret: string): string[] {
  const groups: string[] = []
  for (let start = 0; start < secret.length; start += SETUP_KEY_GROUP_LENGTH) {
    groups.push(secret.slice(start, start + SETUP_KEY_GROUP_LENGTH))
  }
  return groups
}
