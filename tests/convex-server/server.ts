/**
 * An in-memory stand-in for a Convex deployment, for browser tests, benchmarks and the offline demo:
 * the app's convex/ code runs on convex-test, behind the HTTP API, the sync WebSocket and the site
 * URL that the real Convex clients and Better Auth expect. Nothing is persisted.
 * One server per process: convex/ modules and the environment they read are process-wide.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { createApiHandler, createSiteHandler } from './http-api'
import { createTokenVerifier, type JwksFetcher } from './identity'
import { loadConvexModules } from './modules'
import { createRuntime } from './runtime'
import { SyncHub } from './sync-protocol'

export type ConvexTestServerOptions = {
  port?: number
  sitePort?: number
  host?: string
  /** Lets `Authorization: Convex <adminKey>` call internal functions over HTTP, as a deployment's admin key does. */
  adminKey?: string
}
export type ConvexTestServer = { url: string; siteUrl: string; close(): Promise<void> }

const SYNC_PATH = /^\/api\/[^/]+\/sync$/

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port))
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** Deployment settings convex/ reads; values the caller already set win. */
function configureEnvironment(url: string, siteUrl: string): void {
  process.env.CONVEX_CLOUD_URL = url
  process.env.CONVEX_SITE_URL = siteUrl
  process.env.SITE_URL ??= 'http://localhost:3000'
  process.env.BETTER_AUTH_SECRET ??= randomBytes(36).toString('base64')
  process.env.AUTH_PROXY_SECRET ??= randomBytes(36).toString('base64')
}

export async function startConvexTestServer(options: ConvexTestServerOptions = {}): Promise<ConvexTestServer> {
  const host = options.host ?? '127.0.0.1'
  // Requests that arrive while convex/ is still loading wait for it.
  let resolveHandlers!: (handlers: { api: Handler; site: Handler }) => void
  const handlers = new Promise<{ api: Handler; site: Handler }>((resolve) => (resolveHandlers = resolve))
  const apiServer = createServer((req, res) => void handlers.then((h) => h.api(req, res)))
  const siteServer = createServer((req, res) => void handlers.then((h) => h.site(req, res)))

  const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  const url = `http://${urlHost}:${await listen(apiServer, options.port ?? 0, host)}`
  let siteUrl: string
  try {
    siteUrl = `http://${urlHost}:${await listen(siteServer, options.sitePort ?? 0, host)}`
  } catch (error) {
    await closeServer(apiServer)
    throw error
  }
  configureEnvironment(url, siteUrl)

  const modules = loadConvexModules()
  const runtime = await createRuntime(modules)
  const authConfig = (await modules.load('auth.config.ts')).default as { providers?: unknown[] }
  // Like the Convex backend: a plain GET with no client-IP signature, on every validation the cache does not cover.
  const fetchJwks: JwksFetcher = async (jwksUrl) => {
    if (jwksUrl.startsWith(`${siteUrl}/`)) {
      const response = await runtime.fetchSite(jwksUrl.slice(siteUrl.length), { method: 'GET' })
      return { status: response.status, headers: response.headers, body: response.body.toString('utf8') }
    }
    const response = await fetch(jwksUrl)
    return { status: response.status, headers: response.headers, body: await response.text() }
  }
  const hub = new SyncHub(runtime, createTokenVerifier(authConfig.providers ?? [], fetchJwks))

  const wss = new WebSocketServer({ noServer: true })
  apiServer.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy())
    if (!SYNC_PATH.test(new URL(req.url ?? '/', 'http://localhost').pathname)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => hub.accept(ws))
  })
  resolveHandlers({ api: createApiHandler(hub, { adminKey: options.adminKey }), site: createSiteHandler(hub) })

  return {
    url,
    siteUrl,
    async close() {
      hub.closeAll()
      wss.close()
      await Promise.all([closeServer(apiServer), closeServer(siteServer)])
    },
  }
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>
