/**
 * The password rules, enforced for every door that sets a password (sign-up, change, reset): long enough
 * (Better Auth's own check), not guessable by zxcvbn with its offline lists of common and breached passwords,
 * optionally not in Have I Been Pwned, and a change must actually change it.
 */
import type { BetterAuthPlugin } from 'better-auth'
import { APIError, createAuthMiddleware, getSessionFromCtx } from 'better-auth/api'
import { readPwnedPasswordsCheck } from '../lib/env'
import { isPwnedPassword } from './pwnedPasswords'
import { ErrorCode } from '../../lib/error-codes'
import { checkPasswordStrength } from '../../lib/password-strength'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../lib/policy'

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0]

// Where each endpoint carries the password it sets.
const NEW_PASSWORD_FIELD: Record<string, string> = {
  '/sign-up/email': 'password',
  '/change-password': 'newPassword',
  '/reset-password': 'newPassword',
}

async function relatedWords(context: HookContext, body: Record<string, unknown>): Promise<string[]> {
  if (context.path === '/sign-up/email')
    return [body.email, body.name].filter((value): value is string => typeof value === 'string')
  const session = await getSessionFromCtx(context)
  return session ? [session.user.email, session.user.name] : []
}

export const passwordPolicy = () =>
  ({
    id: 'gatehouse-password-policy',
    hooks: {
      before: [
        {
          matcher: (context) => (context.path ?? '') in NEW_PASSWORD_FIELD,
          handler: createAuthMiddleware(async (context) => {
            const body = (context.body ?? {}) as Record<string, unknown>
            const password = body[NEW_PASSWORD_FIELD[context.path ?? '']!]
            // Missing or out-of-range lengths get Better Auth's own codes (PASSWORD_TOO_SHORT/LONG).
            if (
              typeof password !== 'string' ||
              password.length < PASSWORD_MIN_LENGTH ||
              password.length > PASSWORD_MAX_LENGTH
            )
              return
            if (context.path === '/change-password' && password === body.currentPassword) {
              throw new APIError('BAD_REQUEST', {
                code: ErrorCode.PasswordUnchanged,
                message: 'The new password must be different from the current one.',
              })
            }
            const strength = checkPasswordStrength(password, await relatedWords(context, body))
            if (!strength.acceptable) {
              throw new APIError('BAD_REQUEST', {
                code: ErrorCode.PasswordTooWeak,
                message: `This password is too easy to guess. ${strength.reason}`,
                reason: strength.reason,
                suggestions: strength.suggestions,
              })
            }
            const pwned = readPwnedPasswordsCheck()
            if (pwned.enabled && (await isPwnedPassword(password, pwned.rangeApiUrl)) === true) {
              throw new APIError('BAD_REQUEST', {
                code: ErrorCode.PasswordBreached,
                message: 'This password appeared in a data breach, so attackers try it first. Choose another one.',
                reason: 'This password appeared in a data breach.',
                suggestions: [],
              })
            }
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin
