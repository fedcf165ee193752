import { httpRouter } from 'convex/server'
import { httpAction } from './_generated/server'
import { createAuth } from './auth'
import { readAuthEnv } from './lib/env'
import { AUTH_BASE_PATH, isAllowedAuthRequest } from '../lib/auth-routes'
import { withVerifiedClientIp } from '../lib/client-ip'

const http = httpRouter()

/**
 * Better Auth's routes. Registered by hand instead of `authComponent.registerRoutes` because every
 * request first has its client IP checked against the Start proxy's signature: rate limits then key
 * on a real client, whether the request came through the proxy or straight to this site URL.
 */
const handleAuthRequest = httpAction(async (ctx, request) => {
  // The same list as the Start proxy's: this door is public too.
  if (!isAllowedAuthRequest(request.method, new URL(request.url).pathname)) return new Response(null, { status: 404 })
  const env = readAuthEnv()
  return await createAuth(ctx).handler(await withVerifiedClientIp(request, env.authProxySecret))
})

for (const method of ['GET', 'POST'] as const) {
  http.route({ pathPrefix: `${AUTH_BASE_PATH}/`, method, handler: handleAuthRequest })
}

export default http
