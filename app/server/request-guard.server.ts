/**
 * What the server entry checks before Start or the auth proxy sees a request: body size, JSON shape and
 * server-function ids. Bad input is the client's mistake and gets a 4xx naming it, never a 5xx, and an oversize
 * body is refused while it streams in, so no request can make the server hold more than the limit in memory.
 */
import { AUTH_BASE_PATH } from '@lib/auth-routes'
import { REQUEST_BODY_MAX_BYTES, REQUEST_JSON_MAX_DEPTH } from '@lib/policy'
// Start's own lookup (a virtual module its Vite plugin generates from the build's server functions).
import { getServerFnById } from '#tanstack-start-server-fn-resolver'

// Where Start serves server functions (its default base; this app does not change it).
const SERVER_FN_BASE = '/_serverFn/'

const BODY_METHODS_EXCLUDED = new Set(['GET', 'HEAD'])

/** `bodyUnread`: the client may still be sending a body nobody will read, so the connection cannot carry another request. */
function refuse(status: number, code: string, message: string, { bodyUnread }: { bodyUnread: boolean }): Response {
  const headers: Record<string, string> = { 'cache-control': 'no-store' }
  if (bodyUnread) headers.connection = 'close'
  return Response.json({ code, message }, { status, headers })
}

/** The body, read up to `maxBytes`; null as soon as it turns out longer (declared or streamed). */
async function readBodyUpTo(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = request.headers.get('content-length')
  if (declared !== null && !(Number(declared) <= maxBytes)) return null
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    length += value.byteLength
    if (length > maxBytes) {
      // Stop reading and let go: cancelling would tear down the socket before the 413 reaches the client.
      reader.releaseLock()
      return null
    }
    chunks.push(value)
  }
  const body = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}

const OPEN_BRACKET = new Set(['[', '{'])
const CLOSE_BRACKET = new Set([']', '}'])

/** How deeply arrays and objects nest in a JSON text, counted without parsing (so without recursion). */
export function jsonNestingDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
    } else if (char === '"') {
      inString = true
    } else if (OPEN_BRACKET.has(char)) {
      depth++
      if (depth > deepest) deepest = depth
    } else if (CLOSE_BRACKET.has(char)) {
      depth--
    }
  }
  return deepest
}

/** A 400 for JSON too deep to accept or (where `mustParse`) not JSON at all; null when it is fine. */
function checkJson(text: string, mustParse: boolean, bodyUnread: boolean): Response | null {
  if (jsonNestingDepth(text) > REQUEST_JSON_MAX_DEPTH) {
    return refuse(400, 'JSON_TOO_DEEP', `JSON may nest at most ${REQUEST_JSON_MAX_DEPTH} levels.`, { bodyUnread })
  }
  if (mustParse) {
    try {
      JSON.parse(text)
    } catch {
      return refuse(400, 'INVALID_JSON', 'The request is not valid JSON.', { bodyUnread })
    }
  }
  return null
}

async function isKnownServerFn(id: string): Promise<boolean> {
  try {
    await getServerFnById(id, { origin: 'client' })
    return true
  } catch {
    return false
  }
}

/**
 * Either a response refusing the request, or the request to hand on (with its body read into memory when it
 * had one, which is at most REQUEST_BODY_MAX_BYTES).
 */
export async function guardRequest(request: Request): Promise<Response | Request> {
  const { pathname, searchParams } = new URL(request.url)
  const isServerFn = pathname.startsWith(SERVER_FN_BASE)
  if (!isServerFn && !pathname.startsWith(`${AUTH_BASE_PATH}/`)) return request

  const hasBody = !BODY_METHODS_EXCLUDED.has(request.method)
  if (isServerFn) {
    const id = pathname.slice(SERVER_FN_BASE.length).split('/')[0] ?? ''
    if (!(await isKnownServerFn(id))) {
      return refuse(404, 'NOT_FOUND', 'There is no such server function.', { bodyUnread: hasBody })
    }
    const payload = searchParams.get('payload')
    const refused = payload === null ? null : checkJson(payload, true, hasBody)
    if (refused) return refused
  }
  if (!hasBody) return request

  const body = await readBodyUpTo(request, REQUEST_BODY_MAX_BYTES)
  if (body === null) {
    const message = `Request bodies are limited to ${REQUEST_BODY_MAX_BYTES} bytes.`
    return refuse(413, 'REQUEST_TOO_LARGE', message, { bodyUnread: true })
  }
  if ((request.headers.get('content-type') ?? '').includes('json')) {
    // Start parses server-function bodies itself and answers 500 to what it cannot; Better Auth answers 400.
    const refused = checkJson(new TextDecoder().decode(body), isServerFn, false)
    if (refused) return refused
  }
  const buffered = new Request(request, { body })
  // scripts/serve.mjs (like srvx) puts the socket peer on the request; Start's getRequestIP() reads it there.
  const ip = (request as { ip?: unknown }).ip
  if (ip !== undefined) Object.defineProperty(buffered, 'ip', { value: ip, enumerable: true })
  return buffered
}
