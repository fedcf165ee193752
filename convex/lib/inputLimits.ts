import type { BetterAuthPlugin } from 'better-auth'
import { APIError, createAuthMiddleware } from 'better-auth/api'
import { ErrorCode } from '../../lib/error-codes'
import { DISPLAY_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH } from '../../lib/policy'

/**
 * Length limits Better Auth does not enforce itself: an over-long email or name is refused
 * before anything is looked up or written.
 */
export const inputLimits = () =>
  ({
    id: 'gatehouse-input-limits',
    hooks: {
      before: [
        {
          matcher: (context) => typeof context.body === 'object' && context.body !== null,
          handler: createAuthMiddleware(async (context) => {
            const { email, name } = context.body as { email?: unknown; name?: unknown }
            if (typeof email === 'string' && email.length > EMAIL_MAX_LENGTH) {
              throw new APIError('BAD_REQUEST', {
                code: ErrorCode.EmailTooLong,
                message: `An email address has at most ${EMAIL_MAX_LENGTH} characters.`,
              })
            }
            if (typeof name === 'string' && name.trim().length > DISPLAY_NAME_MAX_LENGTH) {
              throw new APIError('BAD_REQUEST', {
                code: ErrorCode.InvalidName,
                message: `A display name has 1 to ${DISPLAY_NAME_MAX_LENGTH} characters.`,
              })
            }
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin
