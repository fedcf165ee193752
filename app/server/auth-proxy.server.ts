/**
 * Forwards /api/auth/* to Better Auth on the Convex site URL, so auth cookies are first-party to this app.
 *
 * Written here instead of using the library's `handler`, which copies the Host the client sent into
 * `x-forwarded-host` (upstream issues 422/424). What this proxy sends upstream is what it knows itself: the
 * client's headers minus every forwarding claim, plus the client address signed with AUTH_PROXY_SECRET so
 * Convex can rate-limit per client (lib/client-ip.ts).
 */
import { isAllowedAuthRequest } from '@lib/auth-routes'
import { pickClientAddress } from '@lib/client-address'
import {
  CLIENT_IP_HEADER,
  CLIENT_IP_SIGNATURE_HEADER,
  CLIENT_IP_TIMESTAMP_HEADER,
  signClientIp,
  UNATTRIBUTED_CLIENT_IP,
} from '@lib/client-ip'
import { serverEnv, type ServerEnv } from '~/server/env.server'
import { isNetworkFailure } from '@lib/network-failure'
import { getRequestIP } from '@tanstack/react-start/server'
import { BACKEND_UNAVAILABLE } from '~/auth/backend-unavailable'

// Meaningful for one connection only (RFC 9110 §7.6.1), plus legacy ones that proxies still send.
const HOP_BY_HOP_HEADERS = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]

// Claims a client can write itself; forwarded, they would let it pick the host or the address Convex believes.
const CLIENT_WRITTEN_FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-real-ip',
  'x-better-auth-forwarded-host',
  'x-better-auth-forwarded-proto',
  CLIENT_IP_HEADER,
  CLIENT_IP_TIMESTAMP_HEADER,
  CLIENT_IP_SIGNATURE_HEADER,
]

// Better Auth answers in milliseconds; past this Convex counts as down rather than slow.
const UPSTREAM_HEADERS_TIMEOUT_MS = 15_000

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304])

export async function proxyAuthRequest(request: Request): Promise<Response> {
  const env = serverEnv()
  const url = new URL(request.url)
  // Only the Better Auth endpoints the app uses; nothing else on the Convex site is reachable through here.
  if (!isAllowedAuthRequest(request.method, url.pathname)) return new Response(null, { status: 404 })

  const upstreamAbort = new AbortController()
  request.signal.addEventListener('abort', () => upstreamAbort.abort(request.signal.reason), { once: true })
  // Only the wait for the response headers is bounded; the body then streams for as long as it takes.
  const headersTimer = setTimeout(
    () => upstreamAbort.abort(new DOMException('Convex did not answer in time', 'TimeoutError')),
    UPSTREAM_HEADERS_TIMEOUT_MS,
  )
  try {
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
    const upstream = await fetch(`${env.VITE_CONVEX_SITE_URL}${url.pathname}${url.search}`, {
      method: request.method,
      headers: await upstreamHeaders(request, env),
      body: hasBody ? request.body : null,
      // Node's fetch needs this to send a streamed body; the DOM typings do not know it yet.
      ...(hasBody ? { duplex: 'half' } : {}),
      // Better Auth's redirects are for the browser to follow, with the cookies set alongside them.
      redirect: 'manual',
      signal: upstreamAbort.signal,
    } as RequestInit)
    return downstreamResponse(upstream)
  } catch (error) {
    // The browser went away (navigated, closed the tab): nobody is left to answer, and nothing is wrong with Convex.
    if (request.signal.aborted) return new Response(null, { status: 499 })
    if (!isNetworkFailure(error)) throw error
    console.warn(`Auth proxy: Convex site unreachable (${describeFailure(error)})`)
    return Response.json(
      { code: BACKEND_UNAVAILABLE, message: 'The account service cannot be reached. Please try again in a moment.' },
      { status: 503, headers: { 'cache-control': 'no-store', 'retry-after': '5' } },
    )
  } finally {
    clearTimeout(headersTimer)
  }
}

async function upstreamHeaders(request: Request, env: ServerEnv): Promise<Headers> {
  const headers = new Headers(request.headers)
  const connectionScoped = (request.headers.get('connection') ?? '').split(',').map((name) => name.trim())
  for (const name of [...HOP_BY_HOP_HEADERS, ...connectionScoped, ...CLIENT_WRITTEN_FORWARDING_HEADERS]) {
    if (name) headers.delete(name)
  }
  // fetch sets Host from the target URL and frames the streamed body itself.
  headers.delete('host')
  headers.delete('content-length')
  // Node's fetch decodes compressed bodies; asking for none saves Convex and us the work.
  headers.set('accept-encoding', 'identity')

  const clientAddress = pickClientAddress({
    // The socket peer, which Nitro's Node server (srvx) puts on the request as request.ip.
    socketAddress: getRequestIP(),
    forwardedFor: request.headers.get('x-forwarded-for'),
    trustedProxyHops: env.TRUST_PROXY,
  })
  // Always signed: unsigned, the request would share the bucket that anyone calling the Convex site URL can exhaust.
  if (!clientAddress) console.warn('Auth proxy: no client address for this request; signing it as unattributed')
  await signClientIp(headers, clientAddress ?? UNATTRIBUTED_CLIENT_IP, env.AUTH_PROXY_SECRET)
  return headers
}

function downstreamResponse(upstream: Response): Response {
  const headers = new Headers()
  for (const [name, value] of upstream.headers) {
    // Set-Cookie is copied below one by one; fetch already decoded the body, so its encoding and length are gone.
    if (name === 'set-cookie' || name === 'content-encoding' || name === 'content-length') continue
    if (HOP_BY_HOP_HEADERS.includes(name)) continue
    headers.append(name, value)
  }
  for (const cookie of upstream.headers.getSetCookie()) headers.append('set-cookie', cookie)
  return new Response(NULL_BODY_STATUSES.has(upstream.status) ? null : upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers,
  })
}

function describeFailure(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined
  if (typeof cause?.code === 'string') return cause.code
  return error instanceof Error ? error.name : 'unknown error'
}
