/**
 * Server configuration, checked once when the server starts (app/server/entry.server.ts imports it first).
 * A missing or malformed variable stops the process with a message that names it.
 *
 * The VITE_ prefix is kept so one .env serves Vite and the server, but the server reads these at run time
 * from process.env: one build can be pointed at any Convex deployment.
 */
import { z } from 'zod'
import { AUTH_SECRET_MIN_LENGTH } from '@lib/policy'

const httpUrl = z
  .url({
    protocol: /^https?$/,
    error: (issue) => (issue.input === undefined ? 'is not set' : 'must be an http(s) URL'),
  })
  // Paths are appended to these bases, so a trailing slash would double up.
  .transform((url) => url.replace(/\/+$/, ''))

const serverEnvSchema = z.object({
  /** Convex deployment (queries, mutations, WebSocket). */
  VITE_CONVEX_URL: httpUrl,
  /** Convex HTTP actions, where Better Auth runs. */
  VITE_CONVEX_SITE_URL: httpUrl,
  /** Public origin of this app, as the browser sees it. */
  SITE_URL: httpUrl,
  /** Shared with Convex to sign the client IP the auth proxy forwards (lib/client-ip.ts). */
  AUTH_PROXY_SECRET: z
    .string({ error: (issue) => (issue.input === undefined ? 'is not set' : 'must be a string') })
    .min(AUTH_SECRET_MIN_LENGTH, `must be at least ${AUTH_SECRET_MIN_LENGTH} characters`),
  /**
   * How many reverse proxies in front of this server append to X-Forwarded-For. 0 (the default) trusts only
   * the socket peer, because any client can write that header.
   */
  TRUST_PROXY: z.coerce
    .number({ error: 'must be a whole number of proxy hops' })
    .int('must be a whole number of proxy hops')
    .min(0, 'must not be negative')
    .default(0),
})

export type ServerEnv = z.infer<typeof serverEnvSchema>

export class InvalidServerEnvError extends Error {
  override name = 'InvalidServerEnvError'
}

export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const result = serverEnvSchema.safeParse(source)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')} ${issue.message}`)
  throw new InvalidServerEnvError(`Invalid server environment:\n${problems.join('\n')}`)
}

let checked: ServerEnv | undefined

/** The validated environment; parsed on first use, which app/server/entry.server.ts makes the server's start. */
export function serverEnv(): ServerEnv {
  checked ??= parseServerEnv(process.env)
  return checked
}
