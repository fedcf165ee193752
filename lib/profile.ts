/**
 * One rule for every door that writes a profile (sign-up, the Convex rename through Better Auth's updateUser; HTTP
 * /update-user is closed, lib/auth-routes.ts) and the forms that check early, so no door lets through what another
 * refuses.
 */
import { DISPLAY_NAME_MAX_LENGTH, PROFILE_IMAGE_URL_MAX_LENGTH } from './policy'

export type ProfileCheck<T> = { ok: true; value: T } | { ok: false; message: string }

// Control (Cc) and format (Cf) characters: NUL, bidi overrides, zero-width spaces and joiners, soft hyphens.
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu

/** NFKC first, so look-alike compatibility forms (full-width letters, ligatures) become the plain letters. */
export function normalizeDisplayName(raw: string): ProfileCheck<string> {
  const name = raw.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim()
  const length = [...name].length
  if (length === 0) return { ok: false, message: 'Enter a display name.' }
  if (length > DISPLAY_NAME_MAX_LENGTH)
    return { ok: false, message: `Use at most ${DISPLAY_NAME_MAX_LENGTH} characters.` }
  return { ok: true, value: name }
}

/** A profile picture is an https URL (no javascript:, data: or plain http), or nothing. */
export function checkProfileImage(raw: string | null): ProfileCheck<string | null> {
  if (raw === null || raw === '') return { ok: true, value: null }
  if (raw.length > PROFILE_IMAGE_URL_MAX_LENGTH) return { ok: false, message: 'That image address is too long.' }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, message: 'The image must be an https:// address.' }
  }
  if (url.protocol !== 'https:' || url.username || url.password)
    return { ok: false, message: 'The image must be an https:// address.' }
  return { ok: true, value: url.href }
}
