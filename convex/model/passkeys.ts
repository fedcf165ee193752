/**
 * Passkeys (WebAuthn) through Better Auth's passkey plugin, with Gatehouse's rules on top:
 * - the relying party is SITE_URL: its hostname is the RP ID and its origin the only accepted origin, never the
 *   request's Origin header;
 * - adding or deleting a passkey needs a fresh session by the app's step-up rule (a sign-in or password re-entry
 *   within FRESH_SESSION_MAX_AGE_S), not Better Auth's, which ignores re-entry;
 * - every sign-in assertion must carry user verification (PIN or biometric), so a passkey sign-in is two factors
 *   and the two-factor plugin, which only interposes on password sign-ins, has nothing to add (ADR 0017);
 * - adding and removing a passkey are security events, and emailed.
 */
import type { GenericCtx } from '@convex-dev/better-auth'
import { requireRunMutationCtx } from '@convex-dev/better-auth/utils'
import { passkey } from '@better-auth/passkey'
import type { BetterAuthPlugin } from 'better-auth'
import { APIError, createAuthMiddleware, getSessionFromCtx } from 'better-auth/api'
import { internal } from '../_generated/api'
import type { DataModel } from '../_generated/dataModel'
import { assertSessionFresh } from './accountSecurity'
import { requestDetails } from './requestDetails'
import { APP_NAME } from '../../lib/app-config'
import { ErrorCode } from '../../lib/error-codes'
import { PASSKEY_NAME_MAX_LENGTH } from '../../lib/policy'
import { SecurityEventType } from '../../lib/security-events'

export const PASSKEY_REGISTER_OPTIONS_PATH = '/passkey/generate-register-options'
export const PASSKEY_REGISTER_PATH = '/passkey/verify-registration'
export const PASSKEY_SIGN_IN_OPTIONS_PATH = '/passkey/generate-authenticate-options'
export const PASSKEY_SIGN_IN_PATH = '/passkey/verify-authentication'
const DELETE_PATH = '/passkey/delete-passkey'
const RENAME_PATH = '/passkey/update-passkey'

const STEP_UP_PATHS = new Set([PASSKEY_REGISTER_OPTIONS_PATH, PASSKEY_REGISTER_PATH, DELETE_PATH])
const NAMED_PATHS = new Set([PASSKEY_REGISTER_PATH, RENAME_PATH])
const EVENTS: Record<string, SecurityEventType> = {
  [PASSKEY_REGISTER_PATH]: SecurityEventType.PasskeyAdded,
  [DELETE_PATH]: SecurityEventType.PasskeyRemoved,
}

const userVerificationRequired = () =>
  new APIError('UNAUTHORIZED', {
    code: ErrorCode.PasskeyUserVerificationRequired,
    message: 'Your passkey did not confirm it was you (PIN, fingerprint or face). Try again and unlock it when asked.',
  })

/** The relying party, from SITE_URL. Absent only where no request is served (schema generation, the adapter). */
export type RelyingParty = { siteUrl: string }

export const passkeys = (ctx: GenericCtx<DataModel>, relyingParty?: RelyingParty) => [
  passkey({
    rpName: APP_NAME,
    rpID: relyingParty && new URL(relyingParty.siteUrl).hostname,
    origin: relyingParty?.siteUrl ?? null,
    // Resident keys make sign-in without typing an email (and autofill) possible; UV makes them a second factor.
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    // The session (and its freshness) is checked by passkeyGuard below, by the app's step-up rule.
    registration: {
      requireSession: false,
      afterVerification: async ({ verification }) => {
        if (!verification.registrationInfo?.userVerified) throw userVerificationRequired()
      },
    },
    authentication: {
      afterVerification: async ({ verification }) => {
        if (!verification.authenticationInfo.userVerified) throw userVerificationRequired()
      },
    },
  }),
  passkeyGuard(ctx),
]

const passkeyGuard = (ctx: GenericCtx<DataModel>) =>
  ({
    id: 'gatehouse-passkey-guard',
    hooks: {
      before: [
        {
          matcher: (context) => STEP_UP_PATHS.has(context.path ?? ''),
          handler: createAuthMiddleware(async (context) => {
            const current = await getSessionFromCtx(context)
            if (!current)
              throw new APIError('UNAUTHORIZED', { code: ErrorCode.Unauthenticated, message: 'Sign in to continue.' })
            await assertSessionFresh(ctx, current.session)
          }),
        },
        {
          // The plugin would make `?name=` the account name the authenticator stores and autofill shows; that is
          // always the email. The passkey's own label arrives with the registration and is checked below.
          matcher: (context) => context.path === PASSKEY_REGISTER_OPTIONS_PATH,
          handler: createAuthMiddleware(async (context) => {
            // Empty rather than absent: hooks' changes are merged into the request, so an absent key would stay.
            if (context.query?.name !== undefined) return { context: { query: { ...context.query, name: '' } } }
          }),
        },
        {
          matcher: (context) => NAMED_PATHS.has(context.path ?? ''),
          handler: createAuthMiddleware(async (context) => {
            const name = (context.body as { name?: unknown } | undefined)?.name
            if (name === undefined) return
            if (typeof name !== 'string' || name.trim() === '' || name.trim().length > PASSKEY_NAME_MAX_LENGTH) {
              throw new APIError('BAD_REQUEST', {
                code: ErrorCode.InvalidPasskeyName,
                message: `A passkey's name has 1 to ${PASSKEY_NAME_MAX_LENGTH} characters.`,
              })
            }
          }),
        },
      ],
      after: [
        {
          // Better Auth asks browsers only to "prefer" user verification; ask for it, as the check above requires it.
          matcher: (context) => context.path === PASSKEY_SIGN_IN_OPTIONS_PATH,
          handler: createAuthMiddleware(async (context) => {
            const options = context.context.returned
            if (options instanceof Error || typeof options !== 'object' || options === null) return
            return context.json({ ...options, userVerification: 'required' })
          }),
        },
        {
          matcher: (context) => (context.path ?? '') in EVENTS,
          handler: createAuthMiddleware(async (context) => {
            const userId = context.context.session?.user.id ?? (await getSessionFromCtx(context))?.user.id
            if (context.context.returned instanceof Error || !userId) return
            await requireRunMutationCtx(ctx).runMutation(internal.securityEvents.record, {
              authUserId: userId,
              type: EVENTS[context.path!]!,
              ...requestDetails(context),
            })
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin
