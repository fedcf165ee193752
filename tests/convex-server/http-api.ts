import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { AuthFailure, type Identity, type TokenVerifier } from './identity'
import type { FunctionKind } from './modules'
import { decodeArgs, type Args } from './runtime'
import { encodeTs, type SyncHub } from './sync-protocol'

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>

const FUNCTION_ROUTES: Record<string, FunctionKind | 'any'> = {
  '/api/query': 'query',
  '/api/query_at_ts': 'query', // answered at the latest timestamp
  '/api/mutation': 'mutation',
  '/api/action': 'action',
  '/api/function': 'any',
}
const MAX_BODY_BYTES = 16 * 1024 * 1024
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length'])

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'PayloadTooLarge', `Request bodies are limited to ${MAX_BODY_BYTES} bytes`))
        req.destroy()
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

/** Catches everything: clients get a status and a message, never a stack. */
function guarded(handler: Handler): Handler {
  return async (req, res) => {
    try {
      await handler(req, res)
    } catch (error) {
      if (!(error instanceof HttpError)) console.error('[convex-test-server] request failed:', error)
      const { status, code, message } =
        error instanceof HttpError
          ? error
          : { status: 500, code: 'InternalServerError', message: 'Internal server error' }
      if (!res.headersSent) sendJson(res, status, { code, message })
      else res.destroy()
    }
  }
}

async function parseFunctionRequest(req: IncomingMessage, kind: FunctionKind | 'any') {
  let body: Record<string, unknown>
  try {
    body = JSON.parse((await readBody(req)).toString('utf8'))
  } catch (error) {
    if (error instanceof HttpError) throw error
    throw new HttpError(400, 'BadJsonBody', 'The request body is not valid JSON')
  }
  if (typeof body !== 'object' || body === null || typeof body.path !== 'string' || body.path === '') {
    throw new HttpError(400, 'BadJsonBody', 'Expected a JSON object with a "path" such as "module:function"')
  }
  if (body.format !== undefined && body.format !== 'convex_encoded_json' && body.format !== 'json') {
    throw new HttpError(400, 'BadJsonBody', `Unsupported format "${String(body.format)}"`)
  }
  // The typed endpoints take `[args]`; /api/function takes the arguments object itself.
  const encodedArgs = kind !== 'any' && Array.isArray(body.args) ? body.args[0] : body.args
  let args: Args
  try {
    args = decodeArgs(encodedArgs)
  } catch (error) {
    throw new HttpError(400, 'BadJsonBody', (error as Error).message)
  }
  return { path: body.path, args }
}

/** Who is calling the HTTP API: nobody, a user with a verified JWT, or the deployment's admin. */
export type Caller = { kind: 'anonymous' } | { kind: 'user'; identity: Identity } | { kind: 'admin' }

const sha256 = (value: string) => createHash('sha256').update(value).digest()

/**
 * Reads `Authorization` as a Convex deployment does: `Bearer <jwt>` for users, `Convex <admin key>` for the
 * deployment's admin (what `ConvexHttpClient#setAdminAuth` and `npx convex run` send). Without an admin key
 * configured, admin auth is refused.
 */
export async function callerFromHeader(
  header: string | undefined,
  verifyToken: TokenVerifier,
  adminKey: string | undefined,
): Promise<Caller> {
  if (!header) return { kind: 'anonymous' }
  const admin = /^Convex\s+(\S+)\s*$/.exec(header)
  if (admin) {
    const key = admin[1]!
    // Hashing first gives timingSafeEqual two buffers of the same length.
    if (adminKey && timingSafeEqual(sha256(key), sha256(adminKey))) return { kind: 'admin' }
    if (adminKey && key.startsWith(`${adminKey}:`)) {
      throw new HttpError(401, 'BadAdminKey', 'Acting as a user identity is not supported by the in-memory test server')
    }
    throw new HttpError(401, 'BadAdminKey', 'The provided admin key was invalid for this instance')
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!bearer) throw new HttpError(401, 'InvalidAuthHeader', 'Header must begin with `Bearer ` or `Convex `')
  try {
    return { kind: 'user', identity: (await verifyToken(bearer[1]!)).identity }
  } catch (error) {
    if (error instanceof AuthFailure) throw new HttpError(401, error.code, error.message)
    throw error
  }
}

/** The deployment URL: the HTTP API that ConvexHttpClient speaks (the WebSocket is attached in server.ts). */
export function createApiHandler(hub: SyncHub, { adminKey }: { adminKey?: string } = {}): Handler {
  return guarded(async (req, res) => {
    // Like a Convex deployment, the API answers any origin; authentication is by token, not cookie.
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*')
    res.setHeader('access-control-allow-headers', 'content-type, authorization, convex-client')
    res.setHeader('access-control-allow-methods', 'POST, OPTIONS')
    const { pathname } = new URL(req.url ?? '/', 'http://localhost')
    if (req.method === 'OPTIONS') return void res.writeHead(204).end()
    if (pathname === '/api/query_ts' && req.method === 'POST') return sendJson(res, 200, { ts: encodeTs(hub.ts) })
    const kind = FUNCTION_ROUTES[pathname]
    if (!kind) throw new HttpError(404, 'NotFound', `No such endpoint: ${req.method} ${pathname}`)
    if (req.method !== 'POST') throw new HttpError(405, 'MethodNotAllowed', `${pathname} only accepts POST`)

    const { path, args } = await parseFunctionRequest(req, kind)
    const caller = await callerFromHeader(req.headers.authorization, hub.verifyToken, adminKey)
    const outcome =
      caller.kind === 'admin'
        ? await hub.runtime.callAsAdmin(kind, path, args)
        : await hub.runtime.call(kind, path, args, caller.kind === 'user' ? caller.identity : null)
    if (kind !== 'query') hub.afterWrite()
    if (outcome.success) sendJson(res, 200, { status: 'success', value: outcome.value, logLines: [] })
    else
      sendJson(res, 560, {
        status: 'error',
        errorMessage: outcome.errorMessage,
        errorData: outcome.errorData,
        logLines: [],
      })
  })
}

/** The site URL: every request goes to convex/http.ts, every Set-Cookie header comes back on its own. */
export function createSiteHandler(hub: SyncHub): Handler {
  return guarded(async (req, res) => {
    const { pathname, search } = new URL(req.url ?? '/', 'http://localhost')
    const headers = new Headers()
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
    const method = req.method ?? 'GET'
    const body = method === 'GET' || method === 'HEAD' ? undefined : Uint8Array.from(await readBody(req))
    const response = await hub.runtime.fetchSite(pathname + search, { method, headers, body })
    hub.afterWrite()
    for (const [name, value] of response.headers) {
      if (name !== 'set-cookie' && !HOP_BY_HOP.has(name)) res.setHeader(name, value)
    }
    const cookies = response.headers.getSetCookie()
    if (cookies.length > 0) res.setHeader('set-cookie', cookies)
    res.writeHead(response.status).end(method === 'HEAD' ? undefined : response.body)
  })
}
