import type { SignInReason } from './sign-in-reason'

const noticesByReason: Record<SignInReason, string> = {
  'challenge-expired': 'Your sign-in expired before the second step was finished. Please sign in again.',
  'too-many-attempts': 'Too many wrong codes were entered. For your security, please sign in again.',
  'password-reset': 'Your password was changed and every session was signed out. Sign in with your new password.',
  'oauth-not-linked':
    'An account with this email already exists. Sign in with your password first, then link the provider under Security settings.',
  'oauth-unverified':
    'An account with this email already exists, and the provider did not confirm that the email is yours. Sign in with your password instead.',
  'oauth-new-unverified':
    'The provider did not confirm that this email address is yours. Create an account with your email instead.',
  'oauth-failed': 'Signing in with that provider did not work. Please try again, or sign in with your password.',
}

/** What the sign-in page says about a `?reason=`. */
export function signInNotice(reason: SignInReason | undefined): string | undefined {
  return reason ? noticesByReason[reason] : undefined
}
