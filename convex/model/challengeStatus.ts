/**
 * What the second-factor page may tell the person in the middle of signing in: which account (masked email),
 * how many codes are left before the challenge ends or the second factor locks, and how long a lockout lasts.
 * Only the holder of the signed challenge cookie gets an answer; anyone else gets 401.
 */
import type { BetterAuthPlugin } from 'better-auth'
import { APIError, createAuthEndpoint } from 'better-auth/api'
import { CHALLENGE_STATUS_PATH } from '../../lib/auth-routes'
import { TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS, TWO_FACTOR_LOCKOUT_MAX_FAILURES } from '../../lib/policy'

// Better Auth's names for the challenge cookie and its per-challenge attempt counter.
const CHALLENGE_COOKIE = 'two_factor'
const ATTEMPTS_IDENTIFIER_PREFIX = '2fa-attempts-'

/** "ada@example.com" becomes "a••@example.com": enough to recognise your own address, not to learn someone's. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  if (at <= 0) return '•••'
  return `${email.slice(0, 1)}${'•'.repeat(Math.min(Math.max(at - 1, 2), 6))}${email.slice(at)}`
}

export const challengeStatus = () =>
  ({
    id: 'gatehouse-challenge-status',
    endpoints: {
      challengeStatus: createAuthEndpoint(CHALLENGE_STATUS_PATH, { method: 'GET' }, async (context) => {
        const challenge = await context.getSignedCookie(
          context.context.createAuthCookie(CHALLENGE_COOKIE).name,
          context.context.secret,
        )
        const verification = challenge ? await context.context.internalAdapter.findVerificationValue(challenge) : null
        if (!challenge || !verification || new Date(verification.expiresAt).getTime() <= Date.now()) {
          throw new APIError('UNAUTHORIZED', {
            code: 'INVALID_TWO_FACTOR_COOKIE',
            message: 'There is no sign-in waiting for a second factor.',
          })
        }
        const user = await context.context.internalAdapter.findUserById(verification.value)
        const attempts = await context.context.internalAdapter.findVerificationValue(
          `${ATTEMPTS_IDENTIFIER_PREFIX}${challenge}`,
        )
        const row = await context.context.adapter.findOne<{
          failedVerificationCount?: number | null
          lockedUntil?: Date | number | null
        }>({
          model: 'twoFactor',
          where: [{ field: 'userId', value: verification.value }],
        })
        const lockedForS = Math.max(
          0,
          Math.ceil(((row?.lockedUntil ? new Date(row.lockedUntil).getTime() : 0) - Date.now()) / 1000),
        )
        const challengeTriesLeft = TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS - (Number(attempts?.value) || 0)
        const accountTriesLeft = TWO_FACTOR_LOCKOUT_MAX_FAILURES - (row?.failedVerificationCount ?? 0)
        return context.json({
          email: user ? maskEmail(user.email) : null,
          triesLeft: Math.max(0, Math.min(challengeTriesLeft, accountTriesLeft)),
          lockedForS,
        })
      }),
    },
  }) satisfies BetterAuthPlugin
