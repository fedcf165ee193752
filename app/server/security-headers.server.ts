/**
 * Headers every answer of the server entry carries, whatever produced it (a page, a server function, the auth
 * proxy, a refusal). The CSP nonce is made per request and reaches the router through `currentCspNonce()`
 * (app/router.tsx), which hands it to every inline script TanStack Start and React emit.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import { AUTH_BASE_PATH } from '@lib/auth-routes'
import { serverEnv } from '~/server/env.server'
import { HSTS_MAX_AGE_S } from '@lib/policy'

const nonceStorage = new AsyncLocalStorage<string>()

/** This request's CSP nonce; undefined outside a request handled by `withSecurityHeaders`. */
export function currentCspNonce(): string | undefined {
  return nonceStorage.getStore()
}

function contentSecurityPolicy(nonce: string): string {
  const { VITE_CONVEX_URL } = serverEnv()
  // The browser's Convex client talks to the deployment over a WebSocket on the same host.
  const convexSocket = VITE_CONVEX_URL.replace(/^http/, 'ws')
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self' ${VITE_CONVEX_URL} ${convexSocket}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

function fixedHeaders(): [string, string][] {
  const headers: [string, string][] = [
    ['x-content-type-options', 'nosniff'],
    ['cross-origin-opener-policy', 'same-origin'],
    // For browsers that predate frame-ancestors.
    ['x-frame-options', 'DENY'],
  ]
  if (serverEnv().SITE_URL.startsWith('https://')) {
    headers.push(['strict-transport-security', `max-age=${HSTS_MAX_AGE_S}; includeSubDomains`])
  }
  return headers
}

/** A copy whose headers can be changed: responses from fetch (the auth proxy's) and Response.redirect are immutable. */
function withMutableHeaders(response: Response): Response {
  try {
    response.headers.set('x-content-type-options', 'nosniff')
    return response
  } catch {
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: new Headers(response.headers),
    })
  }
}

export async function withSecurityHeaders(
  request: Request,
  handle: (request: Request) => Promise<Response>,
): Promise<Response> {
  const nonce = randomBytes(16).toString('base64')
  const response = withMutableHeaders(await nonceStorage.run(nonce, () => handle(request)))
  const { headers } = response
  headers.set('content-security-policy', contentSecurityPolicy(nonce))
  for (const [name, value] of fixedHeaders()) headers.set(name, value)
  // A route may ask for less (the reset-password page sends no-referrer); never more.
  if (!headers.has('referrer-policy')) headers.set('referrer-policy', 'strict-origin-when-cross-origin')
  // Auth answers carry tokens, backup codes and session lists: no cache may keep any of them.
  if (new URL(request.url).pathname.startsWith(`${AUTH_BASE_PATH}/`)) headers.set('cache-control', 'no-store')
  return response
}
