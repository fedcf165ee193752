import { httpRouter } from 'convex/server'
import { components } from './_generated/api'
import { httpAction, type ActionCtx } from './_generated/server'
import { createAuth } from './auth'
import { readAuthEnv } from './lib/env'
import { AUTH_BASE_PATH, isAllowedAuthRequest } from '../lib/auth-routes'
import { withVerifiedClientIp } from '../lib/client-ip'
import { JWKS_CACHE_MAX_AGE_S, JWKS_KEY_SETTLE_S } from '../lib/policy'

const http = httpRouter()

/**
 * Better Auth's routes. Registered by hand instead of `authComponent.registerRoutes` because every
 * request first has its client IP checked against the Start proxy's signature: rate limits then key
 * on a real client, whether the request came through the proxy or straight to this site URL.
 */
const answerAuthRequest = async (ctx: ActionCtx, request: Request) =>
  await createAuth(ctx).handler(await withVerifiedClientIp(request, readAuthEnv().authProxySecret))

const handleAuthRequest = httpAction(async (ctx, request) => {
  // The same list as the Start proxy's: this door is public too.
  if (!isAllowedAuthRequest(request.method, new URL(request.url).pathname)) return new Response(null, { status: 404 })
  return await answerAuthRequest(ctx, request)
})

async function keySetAgeS(ctx: ActionCtx): Promise<number> {
  const { page } = (await ctx.runQuery(components.betterAuth.adapter.findMany, {
    model: 'jwks',
    sortBy: { field: 'createdAt', direction: 'desc' },
    paginationOpts: { cursor: null, numItems: 1 },
  })) as unknown as { page: { createdAt: number }[] }
  return page[0] ? Math.max(0, Math.floor((Date.now() - page[0].createdAt) / 1000)) : 0
}

/**
 * The Convex backend fetches the JWKS for every token it checks, reusing it only as Cache-Control allows;
 * Better Auth sends none. Public keys, the same for everyone: cacheable by anyone, once the key set has settled.
 * Simultaneous first requests can each create a key (Better Auth reads, then creates), and a copy cached before
 * the last of them would refuse every token that key signs (ADR 0008).
 */
const handleJwksRequest = httpAction(async (ctx, request) => {
  const response = await answerAuthRequest(ctx, request)
  if (response.status !== 200) return response
  const headers = new Headers(response.headers)
  const maxAgeS = (await keySetAgeS(ctx)) < JWKS_KEY_SETTLE_S ? 0 : JWKS_CACHE_MAX_AGE_S
  headers.set('cache-control', `public, max-age=${maxAgeS}`)
  return new Response(response.body, { status: response.status, headers })
})

http.route({ path: `${AUTH_BASE_PATH}/convex/jwks`, method: 'GET', handler: handleJwksRequest })

for (const method of ['GET', 'POST'] as const) {
  http.route({ pathPrefix: `${AUTH_BASE_PATH}/`, method, handler: handleAuthRequest })
}

export default http
