#!/usr/bin/env node
/* global AbortController -- a Node global the shared ESLint config does not list */
/**
 * Production server: plain node:http in front of the build.
 *   - files under dist/client (hashed assets under /assets) are served from disk, gzipped when accepted;
 *   - every other request becomes a Web Request for Start's handler (dist/server/server.js, `export default
 *     { fetch }`), whose Response is streamed back.
 * Nitro would do this, but its peer range wants Vite 7.
 *
 * Environment: PORT (default 3000), HOST (default 127.0.0.1; set HOST=0.0.0.0 to listen on every interface),
 * plus what lib/env.server.ts requires, checked when the server bundle loads.
 *
 * Client address: the Request carries the socket peer as `request.ip`, the property srvx (the server layer
 * Start is built for) defines and Start's getRequestIP() reads. A property, unlike a header, cannot be sent
 * by the client, so nothing here has to be stripped first. The auth proxy signs it for Convex.
 */
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import http from 'node:http'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import zlib from 'node:zlib'

const distDir = fileURLToPath(new URL('../dist/', import.meta.url))
const clientDir = path.join(distDir, 'client')
const serverEntry = path.join(distDir, 'server', 'server.js')

const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '127.0.0.1'
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`)
  process.exit(1)
}

// Vite fingerprints everything under /assets: a changed file gets a new name, so these never go stale.
const IMMUTABLE = 'public, max-age=31536000, immutable'
// Anything else in dist/client keeps its name across builds: revalidate every time (cheap, with ETag).
const REVALIDATE = 'public, max-age=0, must-revalidate'
// Below this, gzip's framing costs about what it saves.
const MIN_GZIP_BYTES = 1024

const CONTENT_TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
}
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.json', '.map', '.webmanifest', '.txt', '.svg'])

const app = await loadApp()

const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    console.error('Request failed:', error)
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('Internal Server Error')
    } else {
      res.destroy()
    }
  })
})

server.once('error', (error) => {
  console.error(error.code === 'EADDRINUSE' ? `Port ${port} on ${host} is already in use. Set PORT to another port.` : error)
  process.exit(1)
})
server.listen(port, host, () => {
  console.log(`Gatehouse listening on http://${host.includes(':') ? `[${host}]` : host}:${port}`)
})

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close(() => process.exit(0))
    server.closeIdleConnections()
  })
}

async function loadApp() {
  try {
    const { default: entry } = await import(pathToFileURL(serverEntry).href)
    return entry
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(serverEntry)) {
      console.error(`No server build at ${serverEntry}. Run \`npm run build\` first.`)
    } else if (error?.name === 'InvalidServerEnvError') {
      // Already names every bad variable; a stack trace would only bury it.
      console.error(error.message)
    } else {
      console.error(error)
    }
    process.exit(1)
  }
}

async function handle(req, res) {
  if (req.method === 'GET' || req.method === 'HEAD') {
    const file = await findStaticFile(req.url ?? '/')
    if (file) return serveStatic(req, res, file)
  }
  return serveApp(req, res)
}

/** A regular file inside dist/client for this URL path, or null. Never resolves outside dist/client. */
async function findStaticFile(rawUrl) {
  let pathname
  try {
    pathname = decodeURIComponent(new URL(rawUrl, 'http://static.invalid').pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0')) return null
  const filePath = path.join(clientDir, pathname)
  if (!filePath.startsWith(clientDir + path.sep)) return null
  try {
    const stats = await stat(filePath)
    return stats.isFile() ? { filePath, pathname, stats } : null
  } catch {
    return null
  }
}

async function serveStatic(req, res, { filePath, pathname, stats }) {
  const extension = path.extname(filePath).toLowerCase()
  const etag = `W/"${stats.size.toString(16)}-${Math.trunc(stats.mtimeMs).toString(16)}"`
  res.setHeader('content-type', CONTENT_TYPES[extension] ?? 'application/octet-stream')
  res.setHeader('cache-control', pathname.startsWith('/assets/') ? IMMUTABLE : REVALIDATE)
  res.setHeader('etag', etag)
  res.setHeader('x-content-type-options', 'nosniff')

  const compressible = COMPRESSIBLE.has(extension) && stats.size >= MIN_GZIP_BYTES
  if (compressible) res.setHeader('vary', 'accept-encoding')
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304).end()
    return
  }

  if (compressible && acceptsGzip(req.headers['accept-encoding'])) {
    const body = await gzipped(filePath, stats)
    res.setHeader('content-encoding', 'gzip')
    res.setHeader('content-length', body.length)
    res.end(req.method === 'HEAD' ? undefined : body)
    return
  }
  res.setHeader('content-length', stats.size)
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  await pipeline(createReadStream(filePath), res)
}

const gzip = promisify(zlib.gzip)
// The build's files do not change while this process runs; compress each one once.
const gzipCache = new Map()

async function gzipped(filePath, stats) {
  const key = `${filePath}:${stats.mtimeMs}`
  let body = gzipCache.get(key)
  if (!body) {
    body = readFile(filePath).then((raw) => gzip(raw, { level: 9 }))
    // Shared by concurrent first requests; forgotten if it fails so the next request tries again.
    body.catch(() => gzipCache.delete(key))
    gzipCache.set(key, body)
  }
  return body
}

/** True unless the client did not ask for gzip or refused it with q=0. */
function acceptsGzip(header) {
  if (!header) return false
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';')
    if (coding !== 'gzip' && coding !== '*') continue
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='))
    return q === undefined || Number(q.slice(2)) > 0
  }
  return false
}

async function serveApp(req, res) {
  const abort = new AbortController()
  // Lets Start stop rendering and the auth proxy stop its upstream request when the client goes away.
  res.once('close', () => {
    if (!res.writableFinished) abort.abort()
  })

  const headers = new Headers()
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]
    // HTTP/2 pseudo-headers are not header fields.
    if (!name.startsWith(':')) headers.append(name, req.rawHeaders[i + 1])
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  const request = new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? `${host}:${port}`}`), {
    method: req.method,
    headers,
    body: hasBody ? Readable.toWeb(req) : undefined,
    // Required by Node's fetch for a streamed body.
    duplex: hasBody ? 'half' : undefined,
    signal: abort.signal,
  })
  Object.defineProperty(request, 'ip', { value: peerAddress(req.socket), enumerable: true })

  const response = await app.fetch(request)

  res.statusCode = response.status
  if (response.statusText) res.statusMessage = response.statusText
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value)
  }
  // Headers iteration would fold cookies together; each Set-Cookie must stay its own header line.
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)

  if (!response.body || req.method === 'HEAD') {
    res.end()
    return
  }
  try {
    await pipeline(Readable.fromWeb(response.body), res)
  } catch (error) {
    // A client that leaves mid-stream is not a server error.
    if (!abort.signal.aborted) throw error
  }
}

/** The socket peer, with IPv4-mapped IPv6 (::ffff:1.2.3.4) written the way people and rate limits expect. */
function peerAddress(socket) {
  const address = socket.remoteAddress
  return address?.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address
}
