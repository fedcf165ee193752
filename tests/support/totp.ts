/**
 * An independent RFC 6238 TOTP (HMAC-SHA1) implementation, so tests compute codes the way an
 * authenticator app does instead of trusting the library under test.
 */
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function base32Decode(input: string): Uint8Array<ArrayBuffer> {
  const clean = input.replace(/=+$/, '').toUpperCase()
  let bits = 0
  let value = 0
  const bytes: number[] = []
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char)
    if (index === -1) throw new Error(`Not base32: ${char}`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return new Uint8Array(bytes)
}

export function parseTotpUri(uri: string) {
  const url = new URL(uri)
  const secret = url.searchParams.get('secret')
  if (url.protocol !== 'otpauth:' || !secret) throw new Error(`Not a TOTP URI: ${uri}`)
  return {
    secret,
    issuer: url.searchParams.get('issuer'),
    digits: Number(url.searchParams.get('digits') ?? 6),
    periodS: Number(url.searchParams.get('period') ?? 30),
    label: decodeURIComponent(url.pathname.replace(/^\/\/totp\//, '').replace(/^totp\//, '')),
  }
}

export async function totpCode(secretBase32: string, atMs = Date.now(), digits = 6, periodS = 30): Promise<string> {
  const counter = Math.floor(atMs / 1000 / periodS)
  const message = new Uint8Array(8)
  new DataView(message.buffer).setBigUint64(0, BigInt(counter))
  const keyBytes = base32Decode(secretBase32)
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign'])
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message))
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!
  return String(binary % 10 ** digits).padStart(digits, '0')
}
