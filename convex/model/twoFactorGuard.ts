/**
 * Hardening on top of Better Auth's two-factor plugin, enforced in the backend so it holds for
 * every client:
 * - a TOTP code is accepted at most once per user while it is valid (replay guard);
 * - a locked second factor answers 429 with the time left, not a bare "try later";
 * - trusted devices can be forgotten, after the password, and end by themselves when the factor or the password
 *   changes; they last 30 days from when they were trusted, however often they are used;
 * - replacing an existing authenticator needs a current code as well as the password;
 * - backup codes are typed in any case, with or without hyphens;
 * - every two-factor change and backup-code sign-in lands in the security log.
 */
import type { GenericCtx } from '@convex-dev/better-auth'
import { requireRunMutationCtx } from '@convex-dev/better-auth/utils'
import type { BetterAuthPlugin } from 'better-auth'
import {
  APIError,
  createAuthEndpoint,
  createAuthMiddleware,
  getSessionFromCtx,
  sessionMiddleware,
} from 'better-auth/api'
import { expireCookie } from 'better-auth/cookies'
import { symmetricDecrypt, symmetricEncrypt } from 'better-auth/crypto'
import { createOTP } from '@better-auth/utils/otp'
import * as z from 'zod'
import { internal } from '../_generated/api'
import type { DataModel } from '../_generated/dataModel'
import { FORGET_TRUSTED_DEVICES_PATH } from '../../lib/auth-routes'
import { ErrorCode } from '../../lib/error-codes'
import { assertPassword } from './passwords'
import { requestDetails } from './requestDetails'
import { SecurityEventType } from '../../lib/security-events'
import { normalizeBackupCode } from '../../lib/backup-code'
import { BACKUP_CODES_LOW_COUNT, TOTP_DIGITS, TOTP_PERIOD_S } from '../../lib/policy'
import { TRUST_DEVICE_IDENTIFIER_PREFIX } from './trustedDevices'

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0]

// Better Auth's own names for the sign-in challenge cookie and the trusted-device records.
const CHALLENGE_COOKIE = 'two_factor'
const TRUST_DEVICE_COOKIE = 'trust_device'

const VERIFY_TOTP_PATH = '/two-factor/verify-totp'
const VERIFY_BACKUP_CODE_PATH = '/two-factor/verify-backup-code'
const VERIFY_PATHS = new Set([VERIFY_TOTP_PATH, VERIFY_BACKUP_CODE_PATH])
const ENABLE_PATH = '/two-factor/enable'

type TwoFactorRow = { id: string; secret: string; backupCodes: string }

async function readBackupCodeList(context: HookContext, row: TwoFactorRow): Promise<string[]> {
  return JSON.parse(await symmetricDecrypt({ key: context.context.secretConfig, data: row.backupCodes })) as string[]
}

/**
 * For sensitive changes by a signed-in user: `code` must be a current authenticator code (accepted once, like at
 * sign-in) or an unused backup code, which is then used up. Throws a coded APIError otherwise.
 */
export async function assertCurrentSecondFactor(
  context: HookContext,
  ctx: GenericCtx<DataModel>,
  userId: string,
  code: unknown,
) {
  if (typeof code !== 'string' || code.trim() === '') {
    throw new APIError('BAD_REQUEST', {
      code: ErrorCode.TwoFactorCodeRequired,
      message: 'Enter a code from your authenticator app or one of your backup codes.',
    })
  }
  const row = await context.context.adapter.findOne<TwoFactorRow>({
    model: 'twoFactor',
    where: [{ field: 'userId', value: userId }],
  })
  if (!row)
    throw new APIError('UNAUTHORIZED', { code: ErrorCode.InvalidTwoFactorCode, message: 'That code is not right.' })
  // Each code asked for here takes an attempt from the same lockout budget as sign-in, or these doors would allow
  // unlimited guessing; a right code gives the budget back.
  await assertSecondFactorUnlocked(context, ctx, userId, true)
  const runner = requireRunMutationCtx(ctx)
  const invalid = () =>
    new APIError('UNAUTHORIZED', { code: ErrorCode.InvalidTwoFactorCode, message: 'That code is not right.' })
  const totp = code.trim()
  if (new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(totp)) {
    const secret = await symmetricDecrypt({ key: context.context.secretConfig, data: row.secret })
    if (!(await createOTP(secret, { digits: TOTP_DIGITS, period: TOTP_PERIOD_S }).verify(totp))) throw invalid()
    const claimed = await runner.runMutation(internal.twoFactor.claimTotpCode, { authUserId: userId, code: totp })
    if (!claimed) {
      throw new APIError('UNAUTHORIZED', {
        code: ErrorCode.TotpReplayed,
        message: 'This code was already used. Wait for the next code in your authenticator app.',
      })
    }
    await runner.runMutation(internal.rateLimits.clearSecondFactorFailures, { authUserId: userId })
    return
  }
  const backupCode = normalizeBackupCode(code)
  const codes = await readBackupCodeList(context, row)
  if (!backupCode || !codes.includes(backupCode)) throw invalid()
  const remaining = codes.filter((candidate) => candidate !== backupCode)
  await context.context.adapter.update({
    model: 'twoFactor',
    where: [{ field: 'id', value: row.id }],
    update: {
      backupCodes: await symmetricEncrypt({ key: context.context.secretConfig, data: JSON.stringify(remaining) }),
    },
  })
  await runner.runMutation(internal.rateLimits.clearSecondFactorFailures, { authUserId: userId })
}

async function backupCodesLeft(context: HookContext, userId: string): Promise<number | null> {
  const row = await context.context.adapter.findOne<TwoFactorRow>({
    model: 'twoFactor',
    where: [{ field: 'userId', value: userId }],
  })
  return row ? (await readBackupCodeList(context, row)).length : null
}

// Successful requests after which no trusted device may skip the second factor any more (verify-totp: only the
// one that turns two-factor on).
const TRUST_ENDING_PATHS = new Set([
  '/two-factor/disable',
  ENABLE_PATH,
  VERIFY_TOTP_PATH,
  '/change-password',
  '/revoke-sessions',
  '/revoke-other-sessions',
])

/** The user a two-factor verification is about: the signed-in user, or the one the challenge cookie names. */
async function resolveVerifyingUserId(context: HookContext): Promise<string | null> {
  return (await resolveVerification(context))?.userId ?? null
}

async function resolveVerification(context: HookContext): Promise<{ userId: string; signingIn: boolean } | null> {
  const session = await getSessionFromCtx(context)
  if (session) return { userId: session.user.id, signingIn: false }
  const challenge = await context.getSignedCookie(
    context.context.createAuthCookie(CHALLENGE_COOKIE).name,
    context.context.secret,
  )
  if (!challenge) return null
  const verification = await context.context.internalAdapter.findVerificationValue(challenge)
  return verification ? { userId: verification.value, signingIn: true } : null
}

/**
 * A sign-in takes one attempt from the account's lockout budget in one mutation (convex/rateLimits.ts), before
 * the code is checked, so concurrent wrong codes cannot all slip in; a signed-in user is only checked.
 */
async function assertSecondFactorUnlocked(
  context: HookContext,
  ctx: GenericCtx<DataModel>,
  userId: string,
  signingIn: boolean,
) {
  const runner = requireRunMutationCtx(ctx)
  let retryAfterS: number
  if (signingIn) {
    const attempt = await runner.runMutation(internal.rateLimits.beginSecondFactorAttempt, {
      authUserId: userId,
      ...requestDetails(context),
    })
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
    case ENABLE_PATH:
      return context.context.session?.user.twoFactorEnabled === true
        ? SecurityEventType.TwoFactorReplaced
        : SecurityEventType.TwoFactorSetupStarted
    case VERIFY_TOTP_PATH:
      // With a session this is enrollment; without one it is an ordinary sign-in.
      return context.context.session?.user.twoFactorEnabled === false ? SecurityEventType.TwoFactorEnabled : null
    case '/two-factor/disable':
      return SecurityEventType.TwoFactorDisabled
    case '/two-factor/generate-backup-codes':
      return SecurityEventType.BackupCodesRegenerated
    case VERIFY_BACKUP_CODE_PATH:
      return SecurityEventType.BackupCodeSignIn
    case FORGET_TRUSTED_DEVICES_PATH:
      return SecurityEventType.TrustedDevicesForgotten
    default:
      return null
  }
}

export const twoFactorGuard = (ctx: GenericCtx<DataModel>) => {
  // Set when a sign-in presents a trusted-device cookie: Better Auth replaces the device's record on every use,
  // and the replacement keeps this expiry, so trust lasts 30 days from when it was granted, not from the last use.
  // One Better Auth instance serves one request (convex/http.ts), so this cannot leak between requests.
  let presentedTrustExpiresAt: Date | null = null
  return {
    id: 'gatehouse-two-factor-guard',
    init: () => ({
      options: {
        databaseHooks: {
          verification: {
            create: {
              before: async (verification: { identifier: string; expiresAt: Date }) => {
                if (!presentedTrustExpiresAt || !verification.identifier.startsWith(TRUST_DEVICE_IDENTIFIER_PREFIX))
                  return
                return { data: { ...verification, expiresAt: presentedTrustExpiresAt } }
              },
            },
          },
        },
      },
    }),
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
          matcher: (context) => context.path === '/sign-in/email',
          handler: createAuthMiddleware(async (context) => {
            const cookie = await context.getSignedCookie(
              context.context.createAuthCookie(TRUST_DEVICE_COOKIE).name,
              context.context.secret,
            )
            const identifier = cookie ? cookie.split('!')[1] : undefined
            if (!identifier) return
            const record = await context.context.internalAdapter.findVerificationValue(identifier)
            if (record) presentedTrustExpiresAt = new Date(record.expiresAt)
          }),
        },
        {
          // Replacing the authenticator (enable while it is on) needs a current code; anything else is refused.
          matcher: (context) => context.path === ENABLE_PATH,
          handler: createAuthMiddleware(async (context) => {
            const session = await getSessionFromCtx(context)
            if (session?.user.twoFactorEnabled !== true) return
            const { password, code } = (context.body ?? {}) as { password?: unknown; code?: unknown }
            if (code === undefined) {
              throw new APIError('BAD_REQUEST', {
                code: ErrorCode.TwoFactorAlreadyEnabled,
                message:
                  'Two-factor authentication is already on. To replace your authenticator, enter your password and a current code.',
              })
            }
            // The password first, so a wrong one does not use up a backup code.
            await assertPassword(context, session.user.id, typeof password === 'string' ? password : '')
            await assertCurrentSecondFactor(context, ctx, session.user.id, code)
          }),
        },
        {
          // Backup codes arrive as people type them; Better Auth compares the stored string exactly.
          matcher: (context) => context.path === VERIFY_BACKUP_CODE_PATH,
          handler: createAuthMiddleware(async (context) => {
            const body = context.body as { code?: unknown } | undefined
            const code = typeof body?.code === 'string' ? normalizeBackupCode(body.code) : null
            if (code) return { context: { body: { ...body, code } } }
          }),
        },
        {
          matcher: (context) => VERIFY_PATHS.has(context.path ?? ''),
          handler: createAuthMiddleware(async (context) => {
            const verifying = await resolveVerification(context)
            if (!verifying) return // Better Auth answers an invalid challenge itself.
            const { userId } = verifying
            await assertSecondFactorUnlocked(context, ctx, userId, verifying.signingIn)
            const code = (context.body as { code?: unknown } | undefined)?.code
            if (context.path !== VERIFY_TOTP_PATH || typeof code !== 'string') return
            const claimed = await requireRunMutationCtx(ctx).runMutation(internal.twoFactor.claimTotpCode, {
              authUserId: userId,
              code,
            })
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
          matcher: (context) => TRUST_ENDING_PATHS.has(context.path ?? ''),
          handler: createAuthMiddleware(async (context) => {
            const user = context.context.session?.user
            if (context.context.returned instanceof Error || !user) return
            if (context.path === VERIFY_TOTP_PATH && user.twoFactorEnabled !== false) return
            const userId = user.id
            await requireRunMutationCtx(ctx).runMutation(internal.twoFactor.endTrustedDevices, { authUserId: userId })
          }),
        },
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
            await runner.runMutation(internal.securityEvents.record, {
              authUserId: userId,
              type,
              ...requestDetails(context),
            })
            if (type !== SecurityEventType.BackupCodeSignIn) return
            const left = await backupCodesLeft(context, userId)
            if (left !== null && left <= BACKUP_CODES_LOW_COUNT) {
              await runner.runMutation(internal.securityEvents.record, {
                authUserId: userId,
                type: SecurityEventType.BackupCodesLow,
              })
            }
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin
}
