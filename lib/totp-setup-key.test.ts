import { describe, expect, it } from 'vitest'
import { groupSetupKey, readTotpSecret } from './totp-setup-key'

// The shape Better Auth 1.6 returns from /two-factor/enable.
const URI =
  'otpauth://totp/Gatehouse:ada%40example.com?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPIYDCMRTGQ2Q&issuer=Gatehouse&digits=6&period=30'

describe('readTotpSecret', () => {
  it('reads the base32 secret of a TOTP URI', () => {
    expect(readTotpSecret(URI)).toBe('MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPIYDCMRTGQ2Q')
  })

  it('drops base32 padding and upper-cases, as authenticator apps expect', () => {
    expect(readTotpSecret('otpauth://totp/x?secret=mfrgg===')).toBe('MFRGG')
  })

  it.each([
    ['not a URL', 'MFRGGZDF'],
    ['another scheme', 'https://example.com/?secret=MFRGGZDF'],
    ['no secret', 'otpauth://totp/x?issuer=Gatehouse'],
    ['a secret that is not base32', 'otpauth://totp/x?secret=MFRG0189'],
  ])('returns null for %s', (_name, uri) => {
    expect(readTotpSecret(uri)).toBeNull()
  })
})

describe('groupSetupKey', () => {
  it('splits the key into groups of four, the last one shorter', () => {
    expect(groupSetupKey('ABCDEFGHIJ')).toEqual(['ABCD', 'EFGH', 'IJ'])
  })

  it('keeps every character, in order', () => {
    const secret = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPIYDCMRTGQ2Q'
    const groups = groupSetupKey(secret)
    expect(groups).toHaveLength(13)
    expect(groups.join('')).toBe(secret)
  })

  it('has no groups for an empty key', () => {
    expect(groupSetupKey('')).toEqual([])
  })
})
