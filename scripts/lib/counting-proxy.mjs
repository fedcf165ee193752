/**
 * A reverse proxy for the bench that records every request it forwards and can hold each reply back by a
 * fixed delay (simulating a distant Convex). WebSocket upgrades are passed through untouched (recorded,
 * never delayed).
 *
 *   const proxy = await startCountingProxy('api', 'http://127.0.0.1:3210')
 *   proxy.url; proxy.delayMs = 100; proxy.reset(); ...; proxy.log
 *   // [{ proxy, label: 'query users:get' | 'GET /path', start, end, upstreamMs, status }], times in ms (performance.now)
 */
import { Buffer } from 'node:buffer'
import http from 'node:http'
import net from 'node:net'
import { performance } from 'node:perf_hooks'

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade'])

/** "query users:get" for Convex function calls, else "GET /path". */
function describe(method, url, body) {
  const pathname = url.split('?')[0]
  const kind = /^\/api\/(query|mutation|action|function|query_ts|query_at_ts)$/.exec(pathname)?.[1]
  if (kind && body.length > 0) {
    try {
      const fn = JSON.parse(body.toString('utf8')).path
      if (typeof fn === 'string') return `${kind} ${fn}`
    } catch {
      // Not JSON: fall through.
    }
  }
  return `${method} ${pathname}`
}

export async function startCountingProxy(name, target) {
  const upstream = new URL(target)
  const agent = new http.Agent({ keepAlive: true })
  const proxy = { name, url: '', delayMs: 0, log: [], reset: () => (proxy.log = []), close: null }

  const server = http.createServer((req, res) => {
    const entry = { proxy: name, label: `${req.method} ${req.url}`, start: performance.now(), end: null, status: null }
    proxy.log.push(entry)
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      entry.label = describe(req.method, req.url, body)
      const headers = { ...req.headers, host: upstream.host }
      for (const header of HOP_BY_HOP) delete headers[header]
      if (body.length > 0) headers['content-length'] = String(body.length)
      const forwarded = performance.now()
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
        (reply) => {
          const replyChunks = []
          reply.on('data', (chunk) => replyChunks.push(chunk))
          reply.on('end', () => {
            const replyBody = Buffer.concat(replyChunks)
            entry.upstreamMs = performance.now() - forwarded
            const replyHeaders = []
            for (let i = 0; i < reply.rawHeaders.length; i += 2) {
              if (!HOP_BY_HOP.has(reply.rawHeaders[i].toLowerCase()))
                replyHeaders.push(reply.rawHeaders[i], reply.rawHeaders[i + 1])
            }
            replyHeaders.push('content-length', String(replyBody.length))
            setTimeout(() => {
              entry.status = reply.statusCode
              res.writeHead(reply.statusCode, reply.statusMessage, replyHeaders)
              res.end(replyBody)
            }, proxy.delayMs)
          })
        },
      )
      forward.on('error', (error) => {
        entry.status = 502
        entry.error = error.message
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
        res.end(`counting proxy: ${error.message}`)
      })
      forward.end(body)
    })
    res.on('finish', () => (entry.end = performance.now()))
    res.on('close', () => (entry.end ??= performance.now()))
  })

  server.on('upgrade', (req, socket, head) => {
    const entry = { proxy: name, label: `WS ${req.url}`, start: performance.now(), end: null, websocket: true }
    proxy.log.push(entry)
    const upstreamSocket = net.connect(Number(upstream.port), upstream.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`]
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const value = req.rawHeaders[i].toLowerCase() === 'host' ? upstream.host : req.rawHeaders[i + 1]
        lines.push(`${req.rawHeaders[i]}: ${value}`)
      }
      upstreamSocket.write(`${lines.join('\r\n')}\r\n\r\n`)
      if (head.length > 0) upstreamSocket.write(head)
      socket.pipe(upstreamSocket).pipe(socket)
    })
    const close = () => {
      entry.end ??= performance.now()
      socket.destroy()
      upstreamSocket.destroy()
    }
    upstreamSocket.on('error', close)
    socket.on('error', close)
    upstreamSocket.on('close', close)
    socket.on('close', close)
  })

  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  proxy.url = `http://127.0.0.1:${server.address().port}`
  proxy.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
      agent.destroy()
    })
  return proxy
}

/**
 * Sequential rounds in a request log: requests sorted by start time; one that starts after every earlier
 * request has ended opens a new hop. Returns the requests grouped by hop. WebSocket connections are left out.
 */
export function hopGroups(log) {
  const requests = log.filter((entry) => !entry.websocket).sort((a, b) => a.start - b.start)
  const groups = []
  let lastEnd = -Infinity
  for (const entry of requests) {
    if (entry.start >= lastEnd) groups.push([])
    groups.at(-1).push(entry)
    lastEnd = Math.max(lastEnd, entry.end ?? Infinity)
  }
  return groups
}

export const countHops = (log) => hopGroups(log).length
