/**
 * The Start server signs the client IP with AUTH_PROXY_SECRET, which only it and Convex hold: a header a client sets
 * itself fails verification, so rate limits key on a real address, not one shared bucket (ADR 0004). Plain Web
 * Crypto, so it runs in Node and in the Convex runtime.
 */
import { CLIENT_IP_SIGNATURE_MAX_AGE_MS } from './policy'

export const CLIENT_IP_HEADER = 'x-gatehouse-client-ip'
export const CLIENT_IP_TIMESTAMP_HEADER = 'x-gatehouse-client-ip-ts'
export const CLIENT_IP_SIGNATURE_HEADER = 'x-gatehouse-client-ip-sig'

/** What Better Auth sees when a request carries no valid signature: all such callers share one strict bucket. */
export const UNVERIFIED_CLIENT_IP = '0.0.0.0'
/**
 * What the proxy signs when it cannot tell a client's address (no socket peer, fewer X-Forwarded-For entries than
 * TRUST_PROXY): such requests share a bucket of their own, which unsigned callers cannot reach.
 */
export const UNATTRIBUTED_CLIENT_IP = '0.0.0.1'

const encoder = new TextEncoder()

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ])
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(message))
  return Array.from(new Uint8Array(signature), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return difference === 0
}

/** Replaces whatever client-IP headers the client sent. */
export async function signClientIp(headers: Headers, ip: string, secret: string, nowMs = Date.now()) {
  const timestamp = String(nowMs)
  headers.set(CLIENT_IP_HEADER, ip)
  headers.set(CLIENT_IP_TIMESTAMP_HEADER, timestamp)
  headers.set(CLIENT_IP_SIGNATURE_HEADER, await hmacHex(secret, `${ip}\n${timestamp}`))
}

/** The client IP if the headers carry a fresh, valid signature for it; otherwise null. */
export async function verifyClientIp(headers: Headers, secret: string, nowMs = Date.now()): Promise<string | null> {
  const ip = headers.get(CLIENT_IP_HEADER)
  const timestamp = headers.get(CLIENT_IP_TIMESTAMP_HEADER)
  const signature = headers.get(CLIENT_IP_SIGNATURE_HEADER)
  if (!ip || !timestamp || !signature || !/^\d{1,16}$/.test(timestamp)) return null
  if (Math.abs(nowMs - Number(timestamp)) > CLIENT_IP_SIGNATURE_MAX_AGE_MS) return null
  const expected = await hmacHex(secret, `${ip}\n${timestamp}`)
  return constantTimeEqual(expected, signature) ? ip : null
}

/** Replaces the client-IP headers with the verified address, or the unverified sentinel. */
export async function withVerifiedClientIp(request: Request, secret: string, nowMs = Date.now()): Promise<Request> {
  const headers = new Headers(request.headers)
  const ip = (await verifyClientIp(headers, secret, nowMs)) ?? UNVERIFIED_CLIENT_IP
  headers.delete(CLIENT_IP_TIMESTAMP_HEADER)
  headers.delete(CLIENT_IP_SIGNATURE_HEADER)
  headers.set(CLIENT_IP_HEADER, ip)
  return new Request(request, { headers })
}
