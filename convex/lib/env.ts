/**
 * Deployment configuration, checked where it is used and reported by name, so a missing
 * variable is a one-line fix (`npx convex env set NAME value`) rather than a puzzling 500.
 */
import { AUTH_SECRET_MIN_LENGTH, RECOVERY_WAITING_PERIOD_MS } from '../../lib/policy'

export type AuthEnv = {
  /** Signs sessions and encrypts two-factor secrets. */
  betterAuthSecret: string
  /** The public origin of the Start app; the only trusted origin. */
  siteUrl: string
  /** Shared with the Start server to sign the client IP it forwards. */
  authProxySecret: string
}

function requireSecret(name: string): string {
  const value = process.env[name]
  if (!value) {
    throw new Error(
      `${name} is not set on the Convex deployment. Set it with: npx convex env set ${name} "$(openssl rand -base64 32)"`,
    )
  }
  if (value.length < AUTH_SECRET_MIN_LENGTH) {
    throw new Error(
      `${name} is too weak: it has ${value.length} characters, at least ${AUTH_SECRET_MIN_LENGTH} are required.`,
    )
  }
  return value
}

function requireOrigin(name: string): string {
  const value = process.env[name]
  if (!value)
    throw new Error(
      `${name} is not set on the Convex deployment. Set it to the app's URL, e.g. npx convex env set ${name} http://localhost:3000`,
    )
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`${name} is not a valid URL: "${value}".`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`${name} must be an http(s) URL, got "${value}".`)
  return url.origin
}

export function readAuthEnv(): AuthEnv {
  return {
    betterAuthSecret: requireSecret('BETTER_AUTH_SECRET'),
    siteUrl: requireOrigin('SITE_URL'),
    authProxySecret: requireSecret('AUTH_PROXY_SECRET'),
  }
}

export type EmailDelivery = { kind: 'resend'; from: string } | { kind: 'outbox' }

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Resend when RESEND_API_KEY is set; otherwise the development outbox, but only while the app runs on
 * this machine (SITE_URL is localhost). A public deployment without a provider fails loudly rather than
 * keeping reset links in a table.
 */
export function readEmailDelivery(): EmailDelivery {
  if (process.env.RESEND_API_KEY) {
    const from = process.env.EMAIL_FROM
    if (!from)
      throw new Error(
        'EMAIL_FROM is not set on the Convex deployment; Resend needs a sender, e.g. "Gatehouse <auth@example.com>".',
      )
    return { kind: 'resend', from }
  }
  const siteUrl = requireOrigin('SITE_URL')
  if (LOCAL_HOSTNAMES.has(new URL(siteUrl).hostname)) return { kind: 'outbox' }
  throw new Error(
    `RESEND_API_KEY is not set on the Convex deployment, so no email can reach users of ${siteUrl}. Set RESEND_API_KEY and EMAIL_FROM.`,
  )
}

const isLocalUrl = (value: string | undefined) => {
  if (!value) return false
  try {
    return LOCAL_HOSTNAMES.has(new URL(value).hostname)
  } catch {
    return false
  }
}

/**
 * The dev mailbox (/dev/mailbox) shows the outbox to anyone who can reach the deployment, so it opens only when
 * the app and the Convex backend both run on this machine and the outbox is where email goes. A cloud dev
 * deployment is reachable from anywhere: read its outbox with `npx convex run emails:outbox` instead.
 */
export function readDevMailboxOpen(): boolean {
  if (process.env.RESEND_API_KEY) return false
  return (
    isLocalUrl(process.env.SITE_URL) &&
    isLocalUrl(process.env.CONVEX_CLOUD_URL) &&
    isLocalUrl(process.env.CONVEX_SITE_URL)
  )
}

/**
 * The one switch for "no sign-in before the email is verified". On unless REQUIRE_EMAIL_VERIFICATION=false:
 * otherwise anyone could register someone else's address and enroll their own second factor on it.
 */
export function readRequireEmailVerification(): boolean {
  const value = process.env.REQUIRE_EMAIL_VERIFICATION
  if (value === undefined || value === '' || value === 'true') return true
  if (value === 'false') return false
  throw new Error(`REQUIRE_EMAIL_VERIFICATION must be "true" or "false", got "${value}".`)
}

export type PwnedPasswordsCheck = { enabled: false } | { enabled: true; rangeApiUrl: string }

const HIBP_RANGE_API_URL = 'https://api.pwnedpasswords.com/range/'

/**
 * HIBP_ENABLED=true also asks Have I Been Pwned whether a new password was in a breach (k-anonymity: only the
 * first 5 hex digits of its SHA-1 leave). Off by default: it needs the network. HIBP_API_URL points it at a mirror.
 */
export function readPwnedPasswordsCheck(): PwnedPasswordsCheck {
  const value = process.env.HIBP_ENABLED
  if (value === undefined || value === '' || value === 'false') return { enabled: false }
  if (value !== 'true') throw new Error(`HIBP_ENABLED must be "true" or "false", got "${value}".`)
  return { enabled: true, rangeApiUrl: process.env.HIBP_API_URL || HIBP_RANGE_API_URL }
}

/** testMode would only deliver to Resend's test inboxes; RESEND_TEST_MODE=true turns it back on. */
export function resendTestMode(): boolean {
  return process.env.RESEND_TEST_MODE === 'true'
}

/**
 * How long a started account recovery waits before the second factor is removed. RECOVERY_WAITING_PERIOD_MS
 * shortens it on test deployments (the browser tests' stand-in sets a few seconds); production keeps the policy.
 */
export function readRecoveryWaitingPeriodMs(): number {
  const value = process.env.RECOVERY_WAITING_PERIOD_MS
  if (value === undefined || value === '') return RECOVERY_WAITING_PERIOD_MS
  const ms = Number(value)
  if (!Number.isInteger(ms) || ms < 0)
    throw new Error(`RECOVERY_WAITING_PERIOD_MS must be a whole number of milliseconds, got "${value}".`)
  return ms
}

/** REQUIRE_TWO_FACTOR=true: signed-in pages send anyone without a second factor to enrollment first. Off by default. */
export function readRequireTwoFactor(): boolean {
  const value = process.env.REQUIRE_TWO_FACTOR
  if (value === undefined || value === '' || value === 'false') return false
  if (value === 'true') return true
  throw new Error(`REQUIRE_TWO_FACTOR must be "true" or "false", got "${value}".`)
}

export type SocialProviderEnv = { id: 'github' | 'google'; clientId: string; clientSecret: string }
export type OidcProviderEnv = { issuer: string; clientId: string; clientSecret: string; name: string }
export type OAuthEnv = { social: SocialProviderEnv[]; oidc: OidcProviderEnv | null }

/** Both variables or neither: half a provider is a typo, said by name rather than a button that fails. */
function readPair(idName: string, secretName: string): { clientId: string; clientSecret: string } | null {
  const clientId = process.env[idName]
  const clientSecret = process.env[secretName]
  if (!clientId && !clientSecret) return null
  if (!clientId)
    throw new Error(`${secretName} is set but ${idName} is not on the Convex deployment; set both or neither.`)
  if (!clientSecret)
    throw new Error(`${idName} is set but ${secretName} is not on the Convex deployment; set both or neither.`)
  return { clientId, clientSecret }
}

const OIDC_DEFAULT_NAME = 'Single sign-on'

/**
 * The sign-in providers this deployment offers: GitHub (GITHUB_CLIENT_ID/SECRET), Google (GOOGLE_CLIENT_ID/SECRET),
 * and any OpenID Connect provider (OIDC_ISSUER, OIDC_CLIENT_ID/SECRET, OIDC_NAME shown on the button).
 */
export function readOAuthEnv(): OAuthEnv {
  const social: SocialProviderEnv[] = []
  const github = readPair('GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET')
  if (github) social.push({ id: 'github', ...github })
  const google = readPair('GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET')
  if (google) social.push({ id: 'google', ...google })
  const client = readPair('OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET')
  const issuer = process.env.OIDC_ISSUER
  if (!client && !issuer) return { social, oidc: null }
  if (!issuer)
    throw new Error(
      'OIDC_CLIENT_ID is set but OIDC_ISSUER is not on the Convex deployment, e.g. https://login.example.com.',
    )
  if (!client)
    throw new Error('OIDC_ISSUER is set but OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are not on the Convex deployment.')
  let issuerUrl: URL
  try {
    issuerUrl = new URL(issuer)
  } catch {
    throw new Error(`OIDC_ISSUER is not a valid URL: "${issuer}".`)
  }
  if (issuerUrl.protocol !== 'https:' && !LOCAL_HOSTNAMES.has(issuerUrl.hostname)) {
    throw new Error(`OIDC_ISSUER must be an https URL (http only for localhost), got "${issuer}".`)
  }
  return {
    social,
    oidc: { issuer: issuer.replace(/\/$/, ''), ...client, name: process.env.OIDC_NAME || OIDC_DEFAULT_NAME },
  }
}
