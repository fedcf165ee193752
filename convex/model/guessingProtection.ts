/**
 * Guessing protection with OWASP's device cookies (the rule: lib/policy.ts, the counters: convex/devices.ts, ADR
 * 0013). A browser gets its signed device cookie only when a session is actually issued to it. Every endpoint that
 * checks a password is covered, sign-in and re-authentication alike.
 */
import type { GenericCtx } from '@convex-dev/better-auth'
import { requireRunMutationCtx } from '@convex-dev/better-auth/utils'
import type { BetterAuthPlugin } from 'better-auth'
import { APIError, createAuthMiddleware, getSessionFromCtx } from 'better-auth/api'
import { internal } from '../_generated/api'
import type { DataModel } from '../_generated/dataModel'
import { requestDetails } from './requestDetails'
import { FORGET_TRUSTED_DEVICES_PATH, REAUTHENTICATE_PATH } from '../../lib/auth-routes'
import { UNVERIFIED_CLIENT_IP } from '../../lib/client-ip'
import { ErrorCode } from '../../lib/error-codes'
import { describeWait } from '../../lib/retry-after'
import { DEVICE_COOKIE_MAX_AGE_S } from '../../lib/policy'

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0]

export const DEVICE_COOKIE = 'device'

// Where each endpoint that checks a password carries it. Sign-in names the account by email; the others by session.
const PASSWORD_FIELD: Record<string, string> = {
  '/sign-in/email': 'password',
  '/verify-password': 'password',
  [REAUTHENTICATE_PATH]: 'password',
  '/change-password': 'currentPassword',
  '/delete-user': 'password',
  '/two-factor/enable': 'password',
  '/two-factor/disable': 'password',
  '/two-factor/generate-backup-codes': 'password',
  [FORGET_TRUSTED_DEVICES_PATH]: 'password',
}
// Better Auth's answers to a wrong password; EMAIL_NOT_VERIFIED comes only after a right one.
const WRONG_PASSWORD_CODES = new Set(['INVALID_EMAIL_OR_PASSWORD', 'INVALID_PASSWORD', ErrorCode.InvalidPassword])
const RIGHT_PASSWORD_CODES = new Set(['EMAIL_NOT_VERIFIED'])
// Where a session can be issued to a signed-out browser.
const SIGN_IN_PATHS = new Set([
  '/sign-in/email',
  '/sign-up/email',
  '/two-factor/verify-totp',
  '/two-factor/verify-backup-code',
  '/two-factor/verify-otp',
  '/passkey/verify-authentication',
])

type Attempt = { email: string; deviceId: string | undefined; countedOn: 'device' | 'account' }
// From the before hook to the after hook of the same request.
const attempts = new WeakMap<Request, Attempt>()

export async function readDeviceId(context: HookContext): Promise<string | undefined> {
  const value = await context.getSignedCookie(
    context.context.createAuthCookie(DEVICE_COOKIE).name,
    context.context.secret,
  )
  return typeof value === 'string' && value ? value : undefined
}

function details(context: HookContext) {
  const { ipAddress, userAgent } = requestDetails(context)
  return { ipAddress: ipAddress === UNVERIFIED_CLIENT_IP ? undefined : ipAddress, userAgent }
}

async function accountEmail(context: HookContext): Promise<string | null> {
  if (context.path === '/sign-in/email') {
    const email = (context.body as { email?: unknown } | undefined)?.email
    return typeof email === 'string' ? email : null
  }
  return (await getSessionFromCtx(context))?.user.email ?? null
}

function errorCode(returned: unknown): string | undefined {
  if (!(returned instanceof APIError)) return undefined
  const code = (returned.body as { code?: unknown } | undefined)?.code
  return typeof code === 'string' ? code : undefined
}

export const guessingProtection = (ctx: GenericCtx<DataModel>) =>
  ({
    id: 'gatehouse-guessing-protection',
    hooks: {
      before: [
        {
          matcher: (context) => (context.path ?? '') in PASSWORD_FIELD,
          handler: createAuthMiddleware(async (context) => {
            const password = (context.body as Record<string, unknown> | undefined)?.[
              PASSWORD_FIELD[context.path ?? '']!
            ]
            if (!context.request || typeof password !== 'string' || !password) return
            const email = await accountEmail(context)
            if (!email) return
            const deviceId = await readDeviceId(context)
            const verdict = await requireRunMutationCtx(ctx).runMutation(internal.devices.beginPasswordAttempt, {
              email,
              deviceId,
              ...details(context),
            })
            if (!verdict.allowed) {
              throw new APIError(
                'TOO_MANY_REQUESTS',
                {
                  code: ErrorCode.AccountSignInLocked,
                  message: `Too many wrong passwords for this account. Try again in ${describeWait(verdict.retryAfterS)}, sign in from a device you used before, or reset your password.`,
                  retryAfterS: verdict.retryAfterS,
                },
                { 'Retry-After': String(verdict.retryAfterS) },
              )
            }
            attempts.set(context.request, { email, deviceId, countedOn: verdict.countedOn })
          }),
        },
      ],
      after: [
        {
          matcher: (context) => (context.path ?? '') in PASSWORD_FIELD,
          handler: createAuthMiddleware(async (context) => {
            const attempt = context.request && attempts.get(context.request)
            if (!attempt) return
            const runner = requireRunMutationCtx(ctx)
            const returned = context.context.returned
            const code = errorCode(returned)
            if (code && WRONG_PASSWORD_CODES.has(code)) {
              await runner.runMutation(internal.devices.recordFailedPassword, { ...attempt, ...details(context) })
            } else if (!(returned instanceof Error) || (code && RIGHT_PASSWORD_CODES.has(code))) {
              await runner.runMutation(internal.devices.passwordAttemptSucceeded, attempt)
            } else {
              await runner.runMutation(internal.devices.refundPasswordAttempt, attempt)
            }
          }),
        },
        {
          // A session was issued to a signed-out browser: it is now a device of this account.
          matcher: (context) => SIGN_IN_PATHS.has(context.path ?? ''),
          handler: createAuthMiddleware(async (context) => {
            const issued = context.context.newSession
            if (!issued || context.context.returned instanceof Error || context.context.session) return
            const deviceId = (await readDeviceId(context)) ?? crypto.randomUUID()
            const cookie = context.context.createAuthCookie(DEVICE_COOKIE, { maxAge: DEVICE_COOKIE_MAX_AGE_S })
            await context.setSignedCookie(cookie.name, deviceId, context.context.secret, cookie.attributes)
            await requireRunMutationCtx(ctx).runMutation(internal.devices.recordSignIn, {
              authUserId: issued.user.id,
              deviceId,
              ...details(context),
            })
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin
