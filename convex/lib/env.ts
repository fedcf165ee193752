/**
 * Deployment configuration, checked where it is used and reported by name, so a missing
 * variable is a one-line fix (`npx convex env set NAME value`) rather than a puzzling 500.
 */
import { AUTH_SECRET_MIN_LENGTH } from '../../lib/policy'

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
    throw new Error(`${name} is not set on the Convex deployment. Set it with: npx convex env set ${name} "$(openssl rand -base64 32)"`)
  }
  if (value.length < AUTH_SECRET_MIN_LENGTH) {
    throw new Error(`${name} is too weak: it has ${value.length} characters, at least ${AUTH_SECRET_MIN_LENGTH} are required.`)
  }
  return value
}

function requireOrigin(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set on the Convex deployment. Set it to the app's URL, e.g. npx convex env set ${name} http://localhost:3000`)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`${name} is not a valid URL: "${value}".`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name} must be an http(s) URL, got "${value}".`)
  return url.origin
}

export function readAuthEnv(): AuthEnv {
  return {
    betterAuthSecret: requireSecret('BETTER_AUTH_SECRET'),
    siteUrl: requireOrigin('SITE_URL'),
    authProxySecret: requireSecret('AUTH_PROXY_SECRET'),
  }
}
