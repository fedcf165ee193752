/**
 * Checked when the server starts (app/server/entry.server.ts imports it first), so a bad variable stops the process
 * by name. The VITE_ prefix lets one .env serve Vite too, but these are read at run time: one build fits any backend.
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
  VITE_CONVEX_URL: httpUrl,
  /** Convex HTTP actions, where Better Auth runs. */
  VITE_CONVEX_SITE_URL: httpUrl,
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

export function serverEnv(): ServerEnv {
  checked ??= parseServerEnv(process.env)
  return checked
}
