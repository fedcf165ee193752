import { redirect, type ParsedLocation } from '@tanstack/react-router'
import { safeRedirect } from '@lib/safe-redirect'
import { throwBackendUnavailable } from './backend-unavailable'
import type { AuthStatus } from './session-store'

/** Navigation only: Convex checks the caller again on every query and mutation. */
export function requireSignedIn(auth: AuthStatus, location: ParsedLocation) {
  if (auth === 'signed-in') return
  if (auth === 'unknown') throwBackendUnavailable()
  throw redirectToSignIn(location)
}

export function redirectToSignIn(location: ParsedLocation) {
  return redirect({ to: '/sign-in', search: { redirect: location.href } })
}

/** Where two-factor enrollment lives; it and the other settings stay open to someone who must enroll first. */
export const ENROLLMENT_PATH = '/settings/security'

/**
 * REQUIRE_TWO_FACTOR (or a completed recovery): a signed-in user without a second factor sees enrollment first.
 * Decided by Convex (getCurrentUser's mustEnrollTwoFactor), so the server render and client navigations agree.
 */
export function requireSecondFactorEnrolled(user: { mustEnrollTwoFactor: boolean }, location: ParsedLocation) {
  if (!user.mustEnrollTwoFactor || location.pathname.startsWith('/settings/')) return
  throw redirect({ to: ENROLLMENT_PATH })
}

/** Sign-in and sign-up have nothing to offer someone already signed in. */
export function redirectIfSignedIn(auth: AuthStatus, redirectTarget: string | undefined) {
  if (auth === 'signed-in') throw redirect({ href: safeRedirect(redirectTarget) })
}
