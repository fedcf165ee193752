import type { SignInReason } from './sign-in-reason'

const noticesByReason: Record<SignInReason, string> = {
  'challenge-expired': 'Your sign-in expired before the second step was finished. Please sign in again.',
  'too-many-attempts': 'Too many wrong codes were entered. For your security, please sign in again.',
  'password-reset': 'Your password was changed and every session was signed out. Sign in with your new password.',
}

/** What the sign-in page says about a `?reason=`. */
export function signInNotice(reason: SignInReason | undefined): string | undefined {
  return reason ? noticesByReason[reason] : undefined
}
