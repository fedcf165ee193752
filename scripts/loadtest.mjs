#!/usr/bin/env node
/* global AbortSignal, performance -- Node globals the shared ESLint config does not list */
/**
 * `npm run loadtest`: simulated people against the production app on the in-memory Convex double, then a
 * 10-second Convex outage. Prints numbers; asserts nothing (performance lives in scripts, not in tests).
 *
 *   1. builds if .output/ is stale, starts the Convex double and the Nitro server (TRUST_PROXY=1, so each
 *      person's X-Forwarded-For is their own address and rate limits count them apart), on 127.0.0.1 only;
 *   2. for LOAD_S seconds a new person arrives every ARRIVAL_MS: signs up, opens the verification link from the
 *      double's outbox (read as its admin, as `npx convex run emails:outbox` does), signs in, turns on 2FA (TOTP
 *      computed by tests/support/totp.ts), then browses signed-in pages and settings until the end;
 *   3. pauses the Convex double (SIGSTOP) for OUTAGE_S seconds while everyone keeps browsing, then resumes it
 *      (SIGCONT: same process, same data) and checks that every person who was signed in still is, on the same
 *      app process.
 *
 * Ports: PORT (4380), CONVEX_PORT (4381), CONVEX_SITE_PORT (4382). LOADTEST_PEOPLE caps the people (20).
 */
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { totpCode, parseTotpUri } from '../tests/support/totp.ts'
import { startAppServer } from './lib/app-server.mjs'
import { ensureBuild } from './lib/build.mjs'
import { emailedLink } from './lib/outbox.mjs'
import { startChild, stopAll, waitForHttp } from './lib/children.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const LOAD_S = 60
const OUTAGE_S = 10
const RECOVERY_S = 15
// Requests begun in the outage may take up to the app's Convex deadline (5 s) to give up.
const OUTAGE_GRACE_MS = 5_000
const MAX_PEOPLE = Number(process.env.LOADTEST_PEOPLE ?? 20)
const ARRIVAL_MS = (LOAD_S * 1000 * 0.6) / MAX_PEOPLE
// Between two page views of one person: people read what they load.
const THINK_MS = 300
// Longer than any answer should take, even in the outage (the app's Convex deadline is 5 s).
const REQUEST_TIMEOUT_MS = 20_000
const PASSWORD = 'correct horse battery staple'

const appPort = Number(process.env.PORT ?? 4380)
const convexPort = Number(process.env.CONVEX_PORT ?? 4381)
const convexSitePort = Number(process.env.CONVEX_SITE_PORT ?? 4382)
const appUrl = `http://127.0.0.1:${appPort}`
const secret = () => randomBytes(32).toString('base64')
const shared = { SITE_URL: appUrl, AUTH_PROXY_SECRET: secret() }
const adminKey = secret()

/** Every request: { step, start, end, status } (status 0 when no answer came). */
const samples = []
let outage = { start: Infinity, end: Infinity }
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

class Person {
  constructor(index) {
    this.index = index
    this.address = `10.${100 + Math.floor(index / 250)}.${index % 250}.7`
    this.email = `load-${Date.now()}-${index}@example.com`
    this.name = `Load Person ${index}`
    this.cookies = new Map()
    this.signedIn = false
  }

  async request(step, path, { method = 'GET', json } = {}) {
    const start = performance.now()
    let status = 0
    let body = ''
    try {
      const response = await fetch(`${appUrl}${path}`, {
        method,
        redirect: 'manual',
        headers: {
          'x-forwarded-for': this.address,
          cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          ...(json ? { 'content-type': 'application/json', origin: appUrl } : {}),
        },
        body: json ? JSON.stringify(json) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
      status = response.status
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';')
        const at = pair.indexOf('=')
        const [name, value] = [pair.slice(0, at), pair.slice(at + 1)]
        if (value === '' || /max-age=0/i.test(cookie)) this.cookies.delete(name)
        else this.cookies.set(name, value)
      }
      body = await response.text()
    } catch {
      // No answer in time: counted with status 0.
    }
    samples.push({ step, start, end: performance.now(), status })
    return { status, body }
  }

  async expect200(step, path, options) {
    const answer = await this.request(step, path, options)
    if (answer.status !== 200) throw new Error(`${step}: HTTP ${answer.status} ${answer.body.slice(0, 120)}`)
    return answer.body ? JSON.parse(answer.body) : null
  }

  async onboard() {
    await this.expect200('sign up', '/api/auth/sign-up/email', {
      method: 'POST',
      json: { name: this.name, email: this.email, password: PASSWORD },
    })
    // Email verification is on: the link lands on /verify-email after Better Auth marks the address verified.
    const link = new URL(
      await emailedLink({ convexUrl: `http://127.0.0.1:${convexPort}`, adminKey }, this.email, /Verify your email/),
    )
    const verified = await this.request('verify email', link.pathname + link.search)
    if (verified.status >= 400) throw new Error(`verify email: HTTP ${verified.status}`)
    await this.expect200('sign in', '/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: this.email, password: PASSWORD },
    })
    const { totpURI } = await this.expect200('2FA enable', '/api/auth/two-factor/enable', {
      method: 'POST',
      json: { password: PASSWORD },
    })
    const code = await totpCode(parseTotpUri(totpURI).secret)
    await this.expect200('2FA verify', '/api/auth/two-factor/verify-totp', { method: 'POST', json: { code } })
    // Turning 2FA on replaced the session; the browser then renews its Convex token cookie (ADR 0007), so do we.
    await this.expect200('token renew', '/api/auth/convex/token')
    const dashboard = await this.request('page /dashboard', '/dashboard')
    if (dashboard.status !== 200 || !dashboard.body.includes(this.name)) {
      throw new Error(`the dashboard after 2FA answered ${dashboard.status} without this person's name`)
    }
    this.signedIn = true
  }

  /** One signed-in page view; true when it showed this person's own page. */
  async browse() {
    const pages = ['/dashboard', '/settings/security', '/api/auth/get-session']
    const path = pages[Math.floor(Math.random() * pages.length)]
    const step = path.startsWith('/api/') ? 'get session' : `page ${path}`
    const { status, body } = await this.request(step, path)
    return status === 200 && (path.startsWith('/api/') || body.includes(this.name))
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

function report(people, carriedOn, wallS) {
  const inOutage = (s) => s.end >= outage.start && s.start <= outage.end
  const normal = samples.filter((s) => !inOutage(s))
  const steps = [...new Set(samples.map((s) => s.step))]
  const rows = steps.map((step) => {
    const ofStep = normal.filter((s) => s.step === step)
    const latencies = ofStep.map((s) => s.end - s.start).sort((a, b) => a - b)
    return [
      step,
      String(ofStep.length),
      (ofStep.length / wallS).toFixed(1),
      percentile(latencies, 50).toFixed(0),
      percentile(latencies, 95).toFixed(0),
      String(ofStep.filter((s) => s.status >= 500 || s.status === 0).length),
      String(ofStep.filter((s) => s.status > 0 && s.status !== 200 && s.status < 500).length),
    ]
  })
  const header = ['step', 'requests', 'req/s', 'p50 ms', 'p95 ms', '5xx/none', 'other non-200']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  console.log(`\nOutside the outage (${normal.length} requests over ${wallS.toFixed(0)} s of wall time):`)
  console.log(line(header))
  for (const row of rows) console.log(line(row))

  const during = samples.filter(inOutage)
  console.log(
    `\nDuring the ${OUTAGE_S} s outage (and the ${OUTAGE_GRACE_MS / 1000} s after, while requests begun in it finish):`,
  )
  for (const step of [...new Set(during.map((s) => s.step))]) {
    const ofStep = during.filter((s) => s.step === step)
    const byStatus = {}
    for (const s of ofStep) byStatus[s.status || 'no answer'] = (byStatus[s.status || 'no answer'] ?? 0) + 1
    const slowest = Math.max(...ofStep.map((s) => s.end - s.start))
    console.log(
      `  ${step}: ${ofStep.length} requests, by status ${JSON.stringify(byStatus)}, slowest ${slowest.toFixed(0)} ms`,
    )
  }
  const errors = normal.filter((s) => s.status >= 500 || s.status === 0).length
  console.log(`5xx (or no answer) outside the outage: ${errors}`)
  const signedIn = people.filter((p) => p.signedIn).length
  console.log(
    `People signed in before the outage: ${signedIn}; carried on after it, same app process, no restart: ${carriedOn}/${signedIn}`,
  )
}

async function main() {
  await ensureBuild(ROOT)
  const convex = startChild('convex', process.execPath, ['--import', 'tsx', 'tests/convex-server/main.ts'], {
    cwd: ROOT,
    echo: false,
    env: {
      ...process.env,
      ...shared,
      CONVEX_HOST: '127.0.0.1',
      CONVEX_PORT: String(convexPort),
      CONVEX_SITE_PORT: String(convexSitePort),
      BETTER_AUTH_SECRET: secret(),
      CONVEX_ADMIN_KEY: adminKey,
    },
  })
  await waitForHttp(`http://127.0.0.1:${convexSitePort}/api/auth/ok`, {
    exited: convex.exited,
    what: 'The Convex double',
  })
  const app = startAppServer({
    port: appPort,
    host: '127.0.0.1',
    convexUrl: `http://127.0.0.1:${convexPort}`,
    convexSiteUrl: `http://127.0.0.1:${convexSitePort}`,
    env: { ...shared, TRUST_PROXY: '1' },
    echo: false,
  })
  await waitForHttp(`${appUrl}/`, { exited: app.exited, what: 'The app server' })
  const appPid = app.child.pid
  console.log(
    `Load: ${MAX_PEOPLE} people arriving over ${((ARRIVAL_MS * MAX_PEOPLE) / 1000).toFixed(0)} s, ${LOAD_S} s of load, then ${OUTAGE_S} s of Convex outage`,
  )

  const began = performance.now()
  const loadEnds = began + LOAD_S * 1000
  const people = []
  let stopBrowsing = false
  const failures = []
  const lives = []
  for (let i = 0; i < MAX_PEOPLE && performance.now() < loadEnds; i++) {
    const person = new Person(i)
    people.push(person)
    lives.push(
      (async () => {
        try {
          await person.onboard()
        } catch (error) {
          failures.push(`person ${i}: ${error.message}`)
          return
        }
        while (!stopBrowsing) {
          await person.browse()
          await sleep(THINK_MS)
        }
      })(),
    )
    await sleep(ARRIVAL_MS)
  }
  await sleep(Math.max(0, loadEnds - performance.now()))

  console.log(`Pausing the Convex double (SIGSTOP) for ${OUTAGE_S} s...`)
  outage = { start: performance.now(), end: Infinity }
  process.kill(convex.child.pid, 'SIGSTOP')
  await sleep(OUTAGE_S * 1000)
  process.kill(convex.child.pid, 'SIGCONT')
  outage.end = performance.now() + OUTAGE_GRACE_MS
  console.log('Resumed it (SIGCONT).')

  // Each person must get their own page again, within the recovery window.
  const recoveredBy = performance.now() + RECOVERY_S * 1000
  const carriedOn = await Promise.all(
    people
      .filter((p) => p.signedIn)
      .map(async (person) => {
        while (performance.now() < recoveredBy) {
          await sleep(THINK_MS)
          if (await person.browse()) return true
        }
        return false
      }),
  )
  stopBrowsing = true
  await Promise.all(lives)
  const sameProcess = app.child.pid === appPid && app.child.exitCode === null
  report(people, carriedOn.filter(Boolean).length, (performance.now() - began) / 1000 - OUTAGE_S)
  console.log(`App process ${appPid} ${sameProcess ? 'still running' : 'restarted or exited'}`)
  if (failures.length > 0)
    console.log(`Onboarding failures (${failures.length}):\n  ${failures.slice(0, 10).join('\n  ')}`)
}

try {
  await main()
} finally {
  await stopAll()
}
