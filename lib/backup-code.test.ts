import { describe, expect, it } from 'vitest'
import { BACKUP_CODE_ALPHABET, BACKUP_CODE_LENGTH, generateBackupCodes, normalizeBackupCode } from './backup-code'

describe('generateBackupCodes', () => {
  it('draws 12 characters without look-alikes, shown as three groups of four', () => {
    for (const code of generateBackupCodes(200)) {
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
      expect(code).not.toMatch(/[01OIL]/)
    }
  })

  it('has at least 50 bits of entropy', () => {
    expect(BACKUP_CODE_LENGTH * Math.log2(BACKUP_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(50)
    expect(new Set(BACKUP_CODE_ALPHABET).size).toBe(BACKUP_CODE_ALPHABET.length)
  })

  it('uses every character of the alphabet', () => {
    const seen = new Set(generateBackupCodes(300).join('').replace(/-/g, ''))
    expect([...seen].sort().join('')).toBe([...BACKUP_CODE_ALPHABET].sort().join(''))
  })

  it('does not repeat', () => {
    expect(new Set(generateBackupCodes(500)).size).toBe(500)
  })
})

describe('normalizeBackupCode', () => {
  it.each([
    ['as shown', '7KMX-3QPD-9HTW', '7KMX-3QPD-9HTW'],
    ['in lower case', '7kmx-3qpd-9htw', '7KMX-3QPD-9HTW'],
    ['without hyphens', '7kmx3QPD9htw', '7KMX-3QPD-9HTW'],
    ['with spaces around and inside', '  7KMX 3QPD 9HTW ', '7KMX-3QPD-9HTW'],
    ['with en dashes from a document', '7KMX\u20133QPD\u20139HTW', '7KMX-3QPD-9HTW'],
  ])('accepts a code %s', (_name, input, expected) => {
    expect(normalizeBackupCode(input)).toBe(expected)
  })

  it.each([
    ['as shown', 'aB3dE-f9Gh2', 'aB3dE-f9Gh2'],
    ['without its hyphen', 'aB3dEf9Gh2', 'aB3dE-f9Gh2'],
    ['with the hyphen somewhere else', 'aB3-dEf9Gh2', 'aB3dE-f9Gh2'],
  ])('accepts a legacy code %s, keeping its case', (_name, input, expected) => {
    expect(normalizeBackupCode(input)).toBe(expected)
  })

  it.each([
    ['empty', ''],
    ['one character short', '7KMX-3QPD-9HT'],
    ['one character long', '7KMX-3QPD-9HTWX'],
    ['a look-alike that is not in the alphabet', '7KMX-3QPD-9HT0'],
    ['a six-digit authenticator code', '123456'],
    ['punctuation', '7KMX-3QPD-9HT!'],
    ['letters outside a-z', 'aB3dE-f9Gé2'],
  ])('refuses %s', (_name, input) => {
    expect(normalizeBackupCode(input)).toBeNull()
  })
})
