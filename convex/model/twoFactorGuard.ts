/**
 * Hardening on top of Better Auth's two-factor plugin, enforced in the backend so it holds for
 * every client:
 * - a TOTP code is accepted at most once per user while it is valid (replay guard);
 * - a locked second factor answers 429 with the time left, not a bare "try later";
 * - trusted devices can be forgotten, after the password;
 * - every two-factor change and backup-code sign-in lands in the security log.
 */
import type { GenericCtx } from '@convex-dev/better-auth'
import { requireRunMutationCtx } from '@convex-dev/better-auth/utils'
import type { BetterAuthPlugin } from 'better-auth'
import { APIError, createAuthEndpoint, createAuthMiddleware, getSessionFromCtx, sessionMiddleware } from 'better-auth/api'
import { expireCookie } from 'better-auth/cookies'
import * as z from 'zod'
import { internal } from '../_generated/api'
import type { DataModel } from '../_generated/dataModel'
import { FORGET_TRUSTED_DEVICES_PATH } from '../../lib/auth-routes'
import { ErrorCode } from '../../lib/error-codes'
import { assertPassword } from './passwords'
import { requestDetails } from './requestDetails'
import { SecurityEventType } from '../../lib/security-events'

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0]

// Better Auth's own names for the sign-in challenge cookie and the trusted-device records.
const CHALLENGE_COOKIE = 'two_factor'
const TRUST_DEVICE_COOKIE = 'trust_device'
const TRUST_DEVICE_IDENTIFIER_PREFIX = 'trust-device-'

const VERIFY_TOTP_PATH = '/two-factor/verify-totp'
const VERIFY_PATHS = new Set([VERIFY_TOTP_PATH, '/two-factor/verify-backup-code'])

/** The user a two-factor verification is about: the signed-in user, or the one the challenge cookie names. */
async function resolveVerifyingUserId(context: HookContext): Promise<string | null> {
  return (await resolveVerification(context))?.userId ?? null
}

async function resolveVerification(context: HookContext): Promise<{ userId: string; signingIn: boolean } | null> {
  const session = await getSessionFromCtx(context)
  if (session) return { userId: session.user.id, signingIn: false }
  const challenge = await context.getSignedCookie(context.context.createAuthCookie(CHALLENGE_COOKIE).name, context.context.secret)
  if (!challenge) return null
  const verification = await context.context.internalAdapter.findVerificationValue(challenge)
  return verification ? { userId: verification.value, signingIn: true } : null
}

/**
 * A sign-in takes one attempt from the account's lockout budget in one mutation (convex/rateLimits.ts), before
 * the code is checked, so concurrent wrong codes cannot all slip in; a signed-in user is only checked.
 */
async function assertSecondFactorUnlocked(context: HookContext, ctx: GenericCtx<DataModel>, userId: string, signingIn: boolean) {
  const runner = requireRunMutationCtx(ctx)
  let retryAfterS: number
  if (signingIn) {
    const attempt = await runner.runMutation(internal.rateLimits.beginSecondFactorAttempt, { authUserId: userId })
    if (attempt.allowed) return
    retryAfterS = attempt.retryAfterS
  } else {
    const row = await context.context.adapter.findOne<{ lockedUntil?: Date | number | null }>({
      model: 'twoFactor',
      where: [{ field: 'userId', value: userId }],
    })
    const lockedUntilMs = row?.lockedUntil ? new Date(row.lockedUntil).getTime() : 0
    retryAfterS = Math.ceil((lockedUntilMs - Date.now()) / 1000)
    if (retryAfterS <= 0) return
  }
  throw new APIError(
    'TOO_MANY_REQUESTS',
    {
      code: ErrorCode.TwoFactorLocked,
      message: `Too many wrong codes. Two-factor sign-in is locked; try again in ${retryAfterS} s.`,
      retryAfterS,
    },
    { 'Retry-After': String(retryAfterS) },
  )
}

/** Which security event a successful request is, if any. */
function eventFor(context: HookContext): (typeof SecurityEventType)[keyof typeof SecurityEventType] | null {
  switch (context.path) {
    case '/two-factor/enable':
      return SecurityEventType.TwoFactorSetupStarted
    case VERIFY_TOTP_PATH:
      // With a session this is enrollment; without one it is an ordinary sign-in.
      return context.context.session?.user.twoFactorEnabled === false ? SecurityEventType.TwoFactorEnabled : null
    case '/two-factor/disable':
      return SecurityEventType.TwoFactorDisabled
    case '/two-factor/generate-backup-codes':
      return SecurityEventType.BackupCodesRegenerated
    case '/two-factor/verify-backup-code':
      return SecurityEventType.BackupCodeSignIn
    case FORGET_TRUSTED_DEVICES_PATH:
      return SecurityEventType.TrustedDevicesForgotten
    default:
      return null
  }
}

export const twoFactorGuard = (ctx: GenericCtx<DataModel>) =>
  ({
    id: 'gatehouse-two-factor-guard',
    endpoints: {
      forgetTrustedDevices: createAuthEndpoint(
        FORGET_TRUSTED_DEVICES_PATH,
        { method: 'POST', body: z.object({ password: z.string().min(1) }), use: [sessionMiddleware] },
        async (context) => {
          const userId = context.context.session.user.id
          await assertPassword(context, userId, context.body.password)
          await context.context.adapter.deleteMany({
            model: 'verification',
            where: [
              { field: 'value', value: userId },
              { field: 'identifier', operator: 'starts_with', value: TRUST_DEVICE_IDENTIFIER_PREFIX },
            ],
          })
          expireCookie(context, context.context.createAuthCookie(TRUST_DEVICE_COOKIE))
          return context.json({ status: true })
        },
      ),
    },
    hooks: {
      before: [
        {
          matcher: (context) => VERIFY_PATHS.has(context.path ?? ''),
          handler: createAuthMiddleware(async (context) => {
            const verifying = await resolveVerification(context)
            if (!verifying) return // Better Auth answers an invalid challenge itself.
            const { userId } = verifying
            await assertSecondFactorUnlocked(context, ctx, userId, verifying.signingIn)
            const code = (context.body as { code?: unknown } | undefined)?.code
            if (context.path !== VERIFY_TOTP_PATH || typeof code !== 'string') return
            const claimed = await requireRunMutationCtx(ctx).runMutation(internal.twoFactor.claimTotpCode, { authUserId: userId, code })
            if (!claimed) {
              throw new APIError('UNAUTHORIZED', {
                code: ErrorCode.TotpReplayed,
                message: 'This code was already used. Wait for the next code in your authenticator app.',
              })
            }
          }),
        },
      ],
      after: [
        {
          matcher: (context) => (context.path ?? '').startsWith('/two-factor/'),
          handler: createAuthMiddleware(async (context) => {
            const runner = requireRunMutationCtx(ctx)
            const failed = context.context.returned instanceof Error
            if (failed) {
              const code = (context.body as { code?: unknown } | undefined)?.code
              if (context.path !== VERIFY_TOTP_PATH || typeof code !== 'string') return
              const userId = await resolveVerifyingUserId(context)
              if (userId) await runner.runMutation(internal.twoFactor.releaseTotpCode, { authUserId: userId, code })
              return
            }
            const signedIn = context.context.newSession?.user.id
            if (signedIn && VERIFY_PATHS.has(context.path ?? '')) {
              await runner.runMutation(internal.rateLimits.clearSecondFactorFailures, { authUserId: signedIn })
            }
            const type = eventFor(context)
            const userId = context.context.newSession?.user.id ?? context.context.session?.user.id
            if (!type || !userId) return
            await runner.runMutation(internal.securityEvents.record, { authUserId: userId, type, ...requestDetails(context) })
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin
