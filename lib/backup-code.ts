/**
 * Backup codes as Better Auth 1.6 generates them (`generateBackupCodesFn` in its two-factor plugin): 10 characters
 * from a-z, A-Z and 0-9, written as two groups of five joined by a hyphen. Verification compares the stored string
 * exactly, so what someone types is brought back to that shape before it is sent.
 */
export const BACKUP_CODE_LENGTH = 10
const GROUP_LENGTH = BACKUP_CODE_LENGTH / 2

// Copying from a PDF or a word processor can turn the hyphen into a dash.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g
const BACKUP_CODE_CHARACTERS = new RegExp(`^[A-Za-z0-9]{${BACKUP_CODE_LENGTH}}$`)

/**
 * The code in Better Auth's shape, or null when it cannot be one. Case is kept: it is part of the code, so a
 * lower-cased copy would simply be wrong. The hyphen may be left out; spaces and other dashes are dropped.
 */
export function normalizeBackupCode(input: string): string | null {
  const compact = input.replace(SEPARATORS, '')
  if (!BACKUP_CODE_CHARACTERS.test(compact)) return null
  return `${compact.slice(0, GROUP_LENGTH)}-${compact.slice(GROUP_LENGTH)}`
}
