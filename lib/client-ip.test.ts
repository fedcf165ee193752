import { describe, expect, test } from 'vitest'
import {
  CLIENT_IP_HEADER,
  CLIENT_IP_SIGNATURE_HEADER,
  CLIENT_IP_TIMESTAMP_HEADER,
  signClientIp,
  UNVERIFIED_CLIENT_IP,
  verifyClientIp,
  withVerifiedClientIp,
} from './client-ip'
import { CLIENT_IP_SIGNATURE_MAX_AGE_MS } from './policy'

const SECRET = 'a-shared-secret-of-at-least-32-characters'
const NOW_MS = 1_800_000_000_000

async function signed(ip = '203.0.113.5', atMs = NOW_MS) {
  const headers = new Headers()
  await signClientIp(headers, ip, SECRET, atMs)
  return headers
}

describe('proxy-signed client IP', () => {
  test('a fresh signature from the proxy is accepted', async () => {
    expect(await verifyClientIp(await signed(), SECRET, NOW_MS)).toBe('203.0.113.5')
  })

  test('a changed IP, a wrong secret or a missing header is refused', async () => {
    const tampered = await signed()
    tampered.set(CLIENT_IP_HEADER, '203.0.113.6')
    expect(await verifyClientIp(tampered, SECRET, NOW_MS)).toBeNull()
    expect(await verifyClientIp(await signed(), 'another-secret-of-at-least-32-characters', NOW_MS)).toBeNull()
    for (const header of [CLIENT_IP_HEADER, CLIENT_IP_TIMESTAMP_HEADER, CLIENT_IP_SIGNATURE_HEADER]) {
      const partial = await signed()
      partial.delete(header)
      expect(await verifyClientIp(partial, SECRET, NOW_MS)).toBeNull()
    }
  })

  test('a signature is accepted up to its maximum age and refused after it', async () => {
    const headers = await signed()
    expect(await verifyClientIp(headers, SECRET, NOW_MS + CLIENT_IP_SIGNATURE_MAX_AGE_MS)).toBe('203.0.113.5')
    expect(await verifyClientIp(headers, SECRET, NOW_MS + CLIENT_IP_SIGNATURE_MAX_AGE_MS + 1)).toBeNull()
  })

  test('the request handed on carries only the verified IP, or the unverified sentinel', async () => {
    const good = await withVerifiedClientIp(new Request('https://x.test', { headers: await signed() }), SECRET, NOW_MS)
    expect(good.headers.get(CLIENT_IP_HEADER)).toBe('203.0.113.5')
    expect(good.headers.get(CLIENT_IP_SIGNATURE_HEADER)).toBeNull()

    const forged = new Headers({ [CLIENT_IP_HEADER]: '203.0.113.9' })
    const bad = await withVerifiedClientIp(new Request('https://x.test', { headers: forged }), SECRET, NOW_MS)
    expect(bad.headers.get(CLIENT_IP_HEADER)).toBe(UNVERIFIED_CLIENT_IP)
  })
})
