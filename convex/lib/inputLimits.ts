import type { BetterAuthPlugin } from 'better-auth'
import { APIError, createAuthMiddleware } from 'better-auth/api'
import { ErrorCode } from '../../lib/error-codes'
import { EMAIL_MAX_LENGTH } from '../../lib/policy'
import { checkProfileImage, normalizeDisplayName } from '../../lib/profile'

// Better Auth's endpoints that write a name or an image.
const PROFILE_PATHS = new Set(['/sign-up/email', '/update-user'])

/**
 * Input rules Better Auth does not enforce itself: an over-long email is refused before anything is looked up,
 * and a name or image is normalized (lib/profile.ts) or refused before it is written.
 */
export const inputLimits = () =>
  ({
    id: 'gatehouse-input-limits',
    hooks: {
      before: [
        {
          matcher: (context) => typeof context.body === 'object' && context.body !== null,
          handler: createAuthMiddleware(async (context) => {
            const body = context.body as Record<string, unknown>
            if (typeof body.email === 'string' && body.email.length > EMAIL_MAX_LENGTH) {
              throw new APIError('BAD_REQUEST', {
                code: ErrorCode.EmailTooLong,
                message: `An email address has at most ${EMAIL_MAX_LENGTH} characters.`,
              })
            }
            if (!PROFILE_PATHS.has(context.path ?? '')) return
            const normalized: Record<string, unknown> = {}
            if (typeof body.name === 'string') {
              const name = normalizeDisplayName(body.name)
              if (!name.ok) throw new APIError('BAD_REQUEST', { code: ErrorCode.InvalidName, message: name.message })
              normalized.name = name.value
            }
            if ('image' in body && body.image !== undefined) {
              const image = typeof body.image === 'string' || body.image === null ? checkProfileImage(body.image) : null
              if (!image?.ok) {
                throw new APIError('BAD_REQUEST', {
                  code: ErrorCode.InvalidImage,
                  message: image?.message ?? 'The image must be an https:// address.',
                })
              }
              normalized.image = image.value
            }
            // What Better Auth then validates and stores is the normalized value.
            return { context: { body: { ...body, ...normalized } } }
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin
