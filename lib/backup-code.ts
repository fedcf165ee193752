/**
 * Backup codes people can read aloud and type: 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
 * shown as three groups of four (`7KMX-3QPD-9HTW`), 31^12 ≈ 2^59 possibilities each. Case does not matter.
 * Codes issued before this format (Better Auth's default: 10 case-sensitive letters and digits as `aB3dE-f9Gh2`)
 * keep working until they are regenerated.
 */
export const BACKUP_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const BACKUP_CODE_LENGTH = 12
const GROUP_LENGTH = 4

const LEGACY_LENGTH = 10
const LEGACY_GROUP_LENGTH = LEGACY_LENGTH / 2

// Copying from a PDF or a word processor can turn the hyphen into a dash.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g
const CODE_CHARACTERS = new RegExp(`^[${BACKUP_CODE_ALPHABET}]{${BACKUP_CODE_LENGTH}}$`)
const LEGACY_CHARACTERS = new RegExp(`^[A-Za-z0-9]{${LEGACY_LENGTH}}$`)

function group(compact: string, size: number): string {
  return compact.match(new RegExp(`.{1,${size}}`, 'g'))!.join('-')
}

/** A fresh code, drawn without modulo bias from the alphabet. */
export function generateBackupCode(): string {
  const characters: string[] = []
  // 256 - 256 % 31: bytes at or above it would favour the first characters of the alphabet.
  const unbiasedBelow = 256 - (256 % BACKUP_CODE_ALPHABET.length)
  while (characters.length < BACKUP_CODE_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(BACKUP_CODE_LENGTH * 2))) {
      if (byte < unbiasedBelow && characters.length < BACKUP_CODE_LENGTH) {
        characters.push(BACKUP_CODE_ALPHABET[byte % BACKUP_CODE_ALPHABET.length]!)
      }
    }
  }
  return group(characters.join(''), GROUP_LENGTH)
}

export function generateBackupCodes(count: number): string[] {
  return Array.from({ length: count }, generateBackupCode)
}

/**
 * The code in the shape it is stored in, or null when it cannot be one. Hyphens, spaces and dashes are optional.
 * The length tells the formats apart: a 12-character code is upper-cased (the alphabet has no lower case); a
 * 10-character legacy code keeps its case, which is part of it.
 */
export function normalizeBackupCode(input: string): string | null {
  const compact = input.replace(SEPARATORS, '')
  const upper = compact.toUpperCase()
  if (CODE_CHARACTERS.test(upper)) return group(upper, GROUP_LENGTH)
  if (LEGACY_CHARACTERS.test(compact))
    return `${compact.slice(0, LEGACY_GROUP_LENGTH)}-${compact.slice(LEGACY_GROUP_LENGTH)}`
  return null
}
