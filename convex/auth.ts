import { createClient, type AuthFunctions, type GenericCtx } from '@convex-dev/better-auth'
import { convex } from '@convex-dev/better-auth/plugins'
import { betterAuth, type BetterAuthOptions } from 'better-auth/minimal'
import { genericOAuth } from 'better-auth/plugins/generic-oauth'
import { twoFactor } from 'better-auth/plugins/two-factor'
import { requireRunMutationCtx } from '@convex-dev/better-auth/utils'
import { components, internal } from './_generated/api'
import type { DataModel } from './_generated/dataModel'
import { query } from './_generated/server'
import authConfig from './auth.config'
import authSchema from './betterAuth/schema'
import { readAuthEnv, readOAuthEnv, readRequireEmailVerification, type OAuthEnv } from './lib/env'
import { inputLimits } from './lib/inputLimits'
import { accountRecovery } from './model/accountRecovery'
import { accountSecurity } from './model/accountSecurity'
import { challengeStatus } from './model/challengeStatus'
import { emailChange } from './model/emailChange'
import { guessingProtection } from './model/guessingProtection'
import { hideSessionTokens } from './model/hideSessionTokens'
import {
  accountLinking,
  gateOAuthCallbacks,
  genericOAuthConfigFromEnv,
  oauthDatabaseHooks,
  oauthSignIn,
  socialProvidersFromEnv,
} from './model/oauth'
import { BETTER_AUTH_SESSION_PATHS } from './model/sessions'
import { passwordPolicy } from './model/passwordPolicy'
import { mustEnrollTwoFactor } from './model/recoveries'
import { PASSKEY_REGISTER_PATH, PASSKEY_SIGN_IN_PATH, passkeys, type RelyingParty } from './model/passkeys'
import { resetPasswordMessage, verifyEmailMessage } from './model/emailTemplates'
import { twoFactorGuard } from './model/twoFactorGuard'
import { rateLimitStorage } from './rateLimits'
import { getAppUserByAuthId, onAuthUserCreated, onAuthUserDeleted, onAuthUserUpdated } from './model/users'
import { APP_NAME } from '../lib/app-config'
import { generateBackupCodes } from '../lib/backup-code'
import {
  AUTH_BASE_PATH,
  OAUTH_PROVIDERS_PATH,
  REAUTHENTICATE_PATH,
  VERIFY_EMAIL_LANDING_PATH,
} from '../lib/auth-routes'
import { CLIENT_IP_HEADER } from '../lib/client-ip'
import {
  BACKUP_CODE_COUNT,
  CREDENTIAL_RATE_LIMIT_MAX_REQUESTS,
  CREDENTIAL_RATE_LIMIT_WINDOW_S,
  EMAIL_VERIFICATION_TOKEN_TTL_S,
  FRESH_SESSION_MAX_AGE_S,
  PASSWORD_RESET_TOKEN_TTL_S,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  RATE_LIMIT_MAX_REQUESTS,
  RATE_LIMIT_WINDOW_S,
  SESSION_MAX_AGE_S,
  SESSION_REFRESH_AGE_S,
  TOTP_DIGITS,
  TOTP_PERIOD_S,
  TRUSTED_DEVICE_MAX_AGE_S,
  TWO_FACTOR_CHALLENGE_TTL_S,
  VERIFICATION_EMAIL_COOLDOWN_S,
} from '../lib/policy'

const authFunctions: AuthFunctions = internal.auth

export const authComponent = createClient<DataModel, typeof authSchema>(components.betterAuth, {
  authFunctions,
  local: { schema: authSchema },
  triggers: {
    user: {
      onCreate: onAuthUserCreated,
      onUpdate: (ctx, newUser) => onAuthUserUpdated(ctx, newUser),
      onDelete: onAuthUserDeleted,
    },
  },
})

export const { onCreate, onUpdate, onDelete } = authComponent.triggersApi()

/**
 * Whatever callbackURL the client asked for, a verification link lands on the page that says how it went
 * (Better Auth appends `error=` when it failed).
 */
function withVerifyEmailLanding(url: string) {
  const link = new URL(url)
  link.searchParams.set('callbackURL', VERIFY_EMAIL_LANDING_PATH)
  return link.toString()
}

const credentialRateLimit = { window: CREDENTIAL_RATE_LIMIT_WINDOW_S, max: CREDENTIAL_RATE_LIMIT_MAX_REQUESTS }

const NO_OAUTH: OAuthEnv = { social: [], oidc: null }

/**
 * Everything about Better Auth except deployment configuration. The component's adapter and
 * the schema generator call this with an empty ctx at load time, so it must not read the environment
 * (createAuth passes the relying party and the configured OAuth providers).
 */
export const createAuthOptions = (
  ctx: GenericCtx<DataModel>,
  { relyingParty, oauth = NO_OAUTH }: { relyingParty?: RelyingParty; oauth?: OAuthEnv } = {},
) =>
  ({
    basePath: AUTH_BASE_PATH,
    database: authComponent.adapter(ctx),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      resetPasswordTokenExpiresIn: PASSWORD_RESET_TOKEN_TTL_S,
      // A reset proves control of the inbox, not of every device: sign all of them out.
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url, token }) => {
        await requireRunMutationCtx(ctx).runMutation(internal.passwordResets.deliver, {
          authUserId: user.id,
          token,
          ...resetPasswordMessage(user.email, url),
        })
      },
      onPasswordReset: async ({ user }) => {
        await requireRunMutationCtx(ctx).runMutation(internal.devices.clearPasswordGuard, { email: user.email })
        await requireRunMutationCtx(ctx).runMutation(internal.passwordResets.completed, { authUserId: user.id })
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      // Off: a link that signed people in would skip their second factor.
      autoSignInAfterVerification: false,
      expiresIn: EMAIL_VERIFICATION_TOKEN_TTL_S,
      sendVerificationEmail: async ({ user, url }) => {
        await requireRunMutationCtx(ctx).runMutation(
          internal.emails.send,
          verifyEmailMessage(user.email, withVerifyEmailLanding(url)),
        )
      },
    },
    socialProviders: socialProvidersFromEnv(oauth),
    account: { accountLinking },
    databaseHooks: oauthDatabaseHooks(ctx),
    session: { expiresIn: SESSION_MAX_AGE_S, updateAge: SESSION_REFRESH_AGE_S, freshAge: FRESH_SESSION_MAX_AGE_S },
    user: {
      deleteUser: {
        enabled: true,
        // Ends the account in one transaction before Better Auth's own deletes (convex/users.ts deleteAccount).
        beforeDelete: async (user) => {
          await requireRunMutationCtx(ctx).runMutation(internal.users.deleteAccount, { authUserId: user.id })
        },
      },
    },
    // Session listing and ending go through convex/sessions.ts, which pages and asks for a fresh sign-in.
    disabledPaths: BETTER_AUTH_SESSION_PATHS,
    rateLimit: {
      // Better Auth turns rate limiting off outside production by default; we want it everywhere.
      enabled: true,
      // Counters live in the database, each decision in one mutation so concurrent requests cannot pass together.
      customStorage: rateLimitStorage(ctx),
      window: RATE_LIMIT_WINDOW_S,
      max: RATE_LIMIT_MAX_REQUESTS,
      customRules: {
        '/sign-in/email': credentialRateLimit,
        '/sign-up/email': credentialRateLimit,
        '/two-factor/*': credentialRateLimit,
        '/change-password': credentialRateLimit,
        '/delete-user': credentialRateLimit,
        '/request-password-reset': credentialRateLimit,
        '/reset-password': credentialRateLimit,
        [REAUTHENTICATE_PATH]: credentialRateLimit,
        '/verify-password': credentialRateLimit,
        // Emailed-link endpoints (email change, recovery): per client here, per account in their mutations.
        '/email-change/*': credentialRateLimit,
        '/recovery/*': credentialRateLimit,
        [PASSKEY_SIGN_IN_PATH]: credentialRateLimit,
        [PASSKEY_REGISTER_PATH]: credentialRateLimit,
        '/passkey/delete-passkey': credentialRateLimit,
        '/send-verification-email': { window: VERIFICATION_EMAIL_COOLDOWN_S, max: 1 },
        // Read by every server render; they already require a valid session cookie.
        // The deployment's provider list, on every /sign-in load: nothing to guess, and Better Auth's built-in
        // /sign-in/* rule (3 per 10 s) would hide the provider buttons from anyone who just mistyped a password.
        [OAUTH_PROVIDERS_PATH]: false,
        '/get-session': false,
        '/convex/token': false,
        // Fetched by the Convex backend, unsigned, to check every token: limiting it would fail every token check.
        '/convex/jwks': false,
      },
    },
    advanced: {
      // Set by convex/http.ts from the proxy's signed header, never from what the client claims.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    plugins: [
      inputLimits(),
      passwordPolicy(),
      gateOAuthCallbacks(
        twoFactor({
          issuer: APP_NAME,
          totpOptions: { digits: TOTP_DIGITS, period: TOTP_PERIOD_S },
          // Typeable codes without look-alikes (lib/backup-code.ts); Better Auth still stores them encrypted.
          backupCodeOptions: {
            amount: BACKUP_CODE_COUNT,
            customBackupCodesGenerate: () => generateBackupCodes(BACKUP_CODE_COUNT),
          },
          trustDeviceMaxAge: TRUSTED_DEVICE_MAX_AGE_S,
          twoFactorCookieMaxAge: TWO_FACTOR_CHALLENGE_TTL_S,
          // Counted by twoFactorGuard in one mutation per attempt (convex/rateLimits.ts); Better Auth's
          // read-then-write counter loses failures to concurrent requests.
          accountLockout: { enabled: false },
        }),
      ),
      // Right after twoFactor: turns its answer to an OAuth callback of a 2FA user into the challenge page.
      oauthSignIn(),
      genericOAuth({ config: genericOAuthConfigFromEnv(oauth) }),
      twoFactorGuard(ctx),
      accountSecurity(ctx),
      emailChange(ctx),
      // After twoFactor: a sign-in that still owes the second factor has no session here, so it cancels nothing.
      accountRecovery(ctx),
      // After twoFactor: its hook withdraws the session of a sign-in that still owes a second factor.
      guessingProtection(ctx),
      challengeStatus(),
      hideSessionTokens(),
      ...passkeys(ctx, relyingParty),
      convex({ authConfig }),
    ],
  }) satisfies BetterAuthOptions

export const createAuth = (ctx: GenericCtx<DataModel>) => {
  const env = readAuthEnv()
  const options = createAuthOptions(ctx, { relyingParty: { siteUrl: env.siteUrl }, oauth: readOAuthEnv() })
  return betterAuth({
    ...options,
    emailAndPassword: { ...options.emailAndPassword, requireEmailVerification: readRequireEmailVerification() },
    secret: env.betterAuthSecret,
    baseURL: env.siteUrl,
    trustedOrigins: [env.siteUrl],
  })
}

/** The signed-in user as the app sees it, or null when signed out. */
export const getCurrentUser = query({
  args: {},
  handler: async (ctx) => {
    const authUser = await authComponent.safeGetAuthUser(ctx)
    if (!authUser) return null
    const appUser = await getAppUserByAuthId(ctx, authUser._id)
    if (!appUser) return null
    return {
      _id: appUser._id,
      authUserId: authUser._id,
      name: authUser.name,
      email: authUser.email,
      emailVerified: authUser.emailVerified,
      image: authUser.image ?? null,
      twoFactorEnabled: authUser.twoFactorEnabled === true,
      /** Signed-in pages lead to enrollment first (REQUIRE_TWO_FACTOR, or after a recovery removed the factor). */
      mustEnrollTwoFactor: await mustEnrollTwoFactor(ctx, authUser),
      createdAt: authUser.createdAt,
    }
  },
})
