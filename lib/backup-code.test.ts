import { describe, expect, it } from 'vitest'
import { BACKUP_CODE_LENGTH, normalizeBackupCode } from './backup-code'

describe('normalizeBackupCode', () => {
  it.each([
    ['as shown', 'aB3dE-f9Gh2', 'aB3dE-f9Gh2'],
    ['without its hyphen', 'aB3dEf9Gh2', 'aB3dE-f9Gh2'],
    ['with spaces around and inside', '  aB3dE f9Gh2 ', 'aB3dE-f9Gh2'],
    ['with an en dash from a document', 'aB3dE\u2013f9Gh2', 'aB3dE-f9Gh2'],
    ['with the hyphen somewhere else', 'aB3-dEf9Gh2', 'aB3dE-f9Gh2'],
  ])('accepts a code %s', (_name, input, expected) => {
    expect(normalizeBackupCode(input)).toBe(expected)
  })

  it('keeps the case, which is part of the code', () => {
    expect(normalizeBackupCode('ABCDEfghij')).toBe('ABCDE-fghij')
    expect(normalizeBackupCode('abcdefghij')).toBe('abcde-fghij')
  })

  it.each([
    ['empty', ''],
    ['one character short', 'aB3dE-f9Gh'],
    ['one character long', 'aB3dE-f9Gh2x'],
    ['a six-digit authenticator code', '123456'],
    ['punctuation', 'aB3dE-f9Gh!'],
    ['letters outside a-z', 'aB3dE-f9Gé2'],
  ])('refuses %s', (_name, input) => {
    expect(normalizeBackupCode(input)).toBeNull()
  })

  it('produces exactly the length Better Auth generates, plus the hyphen', () => {
    expect(normalizeBackupCode('a'.repeat(BACKUP_CODE_LENGTH))).toHaveLength(BACKUP_CODE_LENGTH + 1)
  })
})
