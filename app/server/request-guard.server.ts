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

function refuse(status: number, code: string, message: string): Response {
  return Response.json({ code, message }, { status, headers: { 'cache-control': 'no-store' } })
}

/**
 * Reads the rest of a refused body and throws it away, chunk by chunk. Closing the connection instead would
 * reset it under a client still sending, and that client would never see the answer; draining is what Node does
 * with any body nobody reads, and it holds no more than one chunk.
 */
function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const next = (): Promise<void> => reader.read().then(({ done }) => (done ? undefined : next()))
  next().catch(() => {})
}

function discardBody(request: Request): void {
  if (request.body && !request.bodyUsed && !request.body.locked) discardRest(request.body.getReader())
}

/** The body, read up to `maxBytes`; null as soon as it turns out longer (declared or streamed). */
async function readBodyUpTo(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = request.headers.get('content-length')
  if (declared !== null && !(Number(declared) <= maxBytes)) {
    discardBody(request)
    return null
  }
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    length += value.byteLength
    if (length > maxBytes) {
      discardRest(reader)
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
function checkJson(text: string, mustParse: boolean): Response | null {
  if (jsonNestingDepth(text) > REQUEST_JSON_MAX_DEPTH) {
    return refuse(400, 'JSON_TOO_DEEP', `JSON may nest at most ${REQUEST_JSON_MAX_DEPTH} levels.`)
  }
  if (mustParse) {
    try {
      JSON.parse(text)
    } catch {
      return refuse(400, 'INVALID_JSON', 'The request is not valid JSON.')
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
    const payload = searchParams.get('payload')
    const refused = !(await isKnownServerFn(id))
      ? refuse(404, 'NOT_FOUND', 'There is no such server function.')
      : payload === null
        ? null
        : checkJson(payload, true)
    if (refused) {
      discardBody(request)
      return refused
    }
  }
  if (!hasBody) return request

  const body = await readBodyUpTo(request, REQUEST_BODY_MAX_BYTES)
  if (body === null) {
    return refuse(413, 'REQUEST_TOO_LARGE', `Request bodies are limited to ${REQUEST_BODY_MAX_BYTES} bytes.`)
  }
  if ((request.headers.get('content-type') ?? '').includes('json')) {
    // Start parses server-function bodies itself and answers 500 to what it cannot; Better Auth answers 400.
    const refused = checkJson(new TextDecoder().decode(body), isServerFn)
    if (refused) return refused
  }
  // Built from its parts: a host's request class (srvx's under Nitro) need not be one `new Request(request)` can copy.
  const buffered = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
  })
  // Nitro's Node server (srvx) puts the socket peer on the request; Start's getRequestIP() reads it there.
  const ip = (request as { ip?: unknown }).ip
  if (ip !== undefined) Object.defineProperty(buffered, 'ip', { value: ip, enumerable: true })
  return buffered
}
