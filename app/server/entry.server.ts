/**
 * Server entry (vite.config.ts names it). Checks the environment before anything else, so a
 * misconfigured server stops at start-up with the variable named instead of failing on some later request.
 *
 * What production servers do for every request lives here rather than in the host's server, so it holds under
 * any host: bad input is refused before Start or the auth proxy sees it (request-guard), and every answer
 * carries the security headers (security-headers).
 */
import { serverEnv } from './env.server'
import { createServerEntry, createStartHandler, defaultStreamHandler } from '@tanstack/react-start/server'
import { guardRequest } from './request-guard.server'
import { withSecurityHeaders } from './security-headers.server'

serverEnv()

const startHandler = createStartHandler(defaultStreamHandler)

export default createServerEntry({
  fetch: (request) =>
    withSecurityHeaders(request, async (incoming) => {
      const guarded = await guardRequest(incoming)
      return guarded instanceof Response ? guarded : startHandler(guarded)
    }),
})
