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

/** Sign-in and sign-up have nothing to offer someone already signed in. */
export function redirectIfSignedIn(auth: AuthStatus, redirectTarget: string | undefined) {
  if (auth === 'signed-in') throw redirect({ href: safeRedirect(redirectTarget) })
}
