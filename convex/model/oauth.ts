/**
 * Sign-in with GitHub, Google and any OpenID Connect provider, without a way around the rest of the app's rules:
 * - a person with two-factor on gets the same challenge after the provider as after the password, and the callback
 *   sets no session cookie (Better Auth's two-factor plugin only gates /sign-in/email; issues 4340, 9552, 10322);
 * - an identity whose email belongs to an existing account is never linked by signing in (ADR 0018): the owner
 *   links it from settings, signed in, with a fresh session;
 * - linking is logged and emailed (unlinking: convex/linkedAccounts.ts).
 */
import type { GenericCtx } from '@convex-dev/better-auth'
import { requireRunMutationCtx } from '@convex-dev/better-auth/utils'
import type { BetterAuthOptions, BetterAuthPlugin } from 'better-auth'
import { APIError, createAuthEndpoint, createAuthMiddleware } from 'better-auth/api'
import type { GenericOAuthConfig } from 'better-auth/plugins/generic-oauth'
import { internal } from '../_generated/api'
import type { DataModel } from '../_generated/dataModel'
import { readOAuthEnv, readRequireEmailVerification, type OAuthEnv } from '../lib/env'
import { requestDetails } from './requestDetails'
import { OAUTH_PROVIDERS_PATH } from '../../lib/auth-routes'
import { OAuthErrorCode, OIDC_PROVIDER_ID, SOCIAL_PROVIDER_NAMES, type OAuthProvider } from '../../lib/oauth-providers'
import { safeRedirect } from '../../lib/safe-redirect'
import { SecurityEventType } from '../../lib/security-events'

/** Where a provider sends the browser back: Better Auth's built-in providers, and the generic plugin's. */
export const OAUTH_CALLBACK_PATHS: ReadonlySet<string> = new Set(['/callback/:id', '/oauth2/callback/:providerId'])
const TWO_FACTOR_PAGE = '/two-factor'

export const isOAuthCallback = (path: string | undefined) => OAUTH_CALLBACK_PATHS.has(path ?? '')

export function socialProvidersFromEnv(env: OAuthEnv): NonNullable<BetterAuthOptions['socialProviders']> {
  return Object.fromEntries(env.social.map(({ id, clientId, clientSecret }) => [id, { clientId, clientSecret }]))
}

export function genericOAuthConfigFromEnv(env: OAuthEnv): GenericOAuthConfig[] {
  if (!env.oidc) return []
  const { issuer, clientId, clientSecret } = env.oidc
  return [
    {
      providerId: OIDC_PROVIDER_ID,
      discoveryUrl: `${issuer}/.well-known/openid-configuration`,
      clientId,
      clientSecret,
      scopes: ['openid', 'email', 'profile'],
      pkce: true,
      // A response's `iss` must be this issuer (RFC 9207), so a mix-up with another provider is refused.
      requireIssuerValidation: true,
    },
  ]
}

export function offeredProviders(env: OAuthEnv): OAuthProvider[] {
  return [
    ...env.social.map(({ id }) => ({ id, name: SOCIAL_PROVIDER_NAMES[id], kind: 'social' as const })),
    ...(env.oidc ? [{ id: OIDC_PROVIDER_ID, name: env.oidc.name, kind: 'oidc' as const }] : []),
  ]
}

/**
 * Better Auth's account linking: only ever explicit, by a signed-in person (settings), with the same email; signing
 * in never links, whichever provider vouches for the email (no trusted providers).
 */
export const accountLinking = {
  enabled: true,
  disableImplicitLinking: true,
  trustedProviders: [],
  allowDifferentEmails: false,
  // Convex functions decide (convex/linkedAccounts.ts), counting every way in.
  allowUnlinkingAll: false,
} satisfies NonNullable<NonNullable<BetterAuthOptions['account']>['accountLinking']>

/** Gives Better Auth's two-factor sign-in hook the OAuth callbacks as well as the password sign-in. */
export function gateOAuthCallbacks<Plugin extends BetterAuthPlugin>(twoFactorPlugin: Plugin): Plugin {
  const after = twoFactorPlugin.hooks?.after ?? []
  return {
    ...twoFactorPlugin,
    hooks: {
      ...twoFactorPlugin.hooks,
      after: after.map((hook) => ({
        ...hook,
        matcher: (context: Parameters<typeof hook.matcher>[0]) =>
          hook.matcher(context) || isOAuthCallback(context.path),
      })),
    },
  }
}

// Users created by this request (an OAuth sign-up), whose first identity is not a link.
const createdUsers = new WeakMap<Request, string>()

/**
 * Database hooks: with REQUIRE_EMAIL_VERIFICATION an account made through a provider needs the provider to have
 * verified its email, as an email sign-up needs the link; an identity linked to an existing account is a security
 * event and an email.
 */
export function oauthDatabaseHooks(ctx: GenericCtx<DataModel>): NonNullable<BetterAuthOptions['databaseHooks']> {
  return {
    user: {
      create: {
        before: async (user, context) => {
          if (!context || !isOAuthCallback(context.path) || user.emailVerified || !readRequireEmailVerification())
            return
          // Better Auth puts the message, spaces as underscores, in the error redirect's `?error=`.
          throw new APIError('FORBIDDEN', { message: OAuthErrorCode.EmailNotVerified.replaceAll('_', ' ') })
        },
        after: async (user, context) => {
          if (context?.request) createdUsers.set(context.request, user.id)
        },
      },
    },
    account: {
      create: {
        after: async (account, context) => {
          if (account.providerId === 'credential' || !context || !isOAuthCallback(context.path)) return
          if (context.request && createdUsers.get(context.request) === account.userId) return
          await requireRunMutationCtx(ctx).runMutation(internal.securityEvents.record, {
            authUserId: account.userId,
            type: SecurityEventType.SignInMethodLinked,
            ...requestDetails(context),
          })
        },
      },
    },
  }
}

export const oauthSignIn = () =>
  ({
    id: 'gatehouse-oauth',
    endpoints: {
      // Public: which buttons /sign-in shows. Names only, nothing secret.
      oauthProviders: createAuthEndpoint(OAUTH_PROVIDERS_PATH, { method: 'GET' }, async (context) =>
        context.json({ providers: offeredProviders(readOAuthEnv()) }),
      ),
    },
    hooks: {
      after: [
        {
          // Runs after the two-factor plugin's hook, which answered the callback with the JSON a password sign-in
          // gets: a browser arriving from the provider needs the challenge page instead.
          matcher: (context) => isOAuthCallback(context.path),
          handler: createAuthMiddleware(async (context) => {
            const returned = context.context.returned as { twoFactorRedirect?: unknown } | undefined
            if (returned instanceof Error || returned?.twoFactorRedirect !== true) return
            const afterSignIn = context.context.responseHeaders?.get('location') ?? undefined
            const page = `${TWO_FACTOR_PAGE}?${new URLSearchParams({ redirect: safeRedirect(afterSignIn) })}`
            throw context.redirect(page)
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin
