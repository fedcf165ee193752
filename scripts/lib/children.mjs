/**
 * Child processes for the npm scripts (demo, dev, bench). On POSIX each child leads its own process group, so stopping it also stops whatever it
 * started (Vite's workers, the Convex CLI's local backend) and a Ctrl-C reaches them only through us.
 */
/* global AbortSignal -- Node's global; the shared ESLint config lists browser-style globals only */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

const POSIX = process.platform !== 'win32'
const COLORS = [36, 35, 33, 32, 34]
let nextColor = 0
const running = new Set()
// Last resort when this process ends without stopping them (an exception, a closed stdout): children lead their
// own process groups, so nothing else would reach them. `exit` handlers must be synchronous; a signal is.
process.on('exit', () => {
  for (const { child } of running) signalTree(child, 'SIGTERM')
})

/**
 * Starts `command args` with its stdout/stderr copied line by line behind `[name]` (kept back with
 * `echo: false`; the last lines are then in `handle.recentOutput()`).
 * Returns { name, child, exited, recentOutput } where `exited` resolves to { code, signal } (never rejects).
 * `onLine(line)` sees every output line (e.g. to pick a URL out of it).
 */
export function startChild(
  name,
  command,
  args,
  { env = process.env, cwd, onLine, stdin = 'ignore', echo = true } = {},
) {
  const color = COLORS[nextColor++ % COLORS.length]
  const prefix = process.stdout.isTTY ? `\x1b[${color}m[${name}]\x1b[0m ` : `[${name}] `
  const child = spawn(command, args, { env, cwd, stdio: [stdin, 'pipe', 'pipe'], detached: POSIX })
  const recent = []
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      if (echo) out.write(`${prefix}${line}\n`)
      recent.push(`${prefix}${line}`)
      if (recent.length > 40) recent.shift()
      onLine?.(line)
    })
  }
  const exited = new Promise((resolve) => {
    child.once('error', (error) => {
      process.stderr.write(`${prefix}could not start ${command}: ${error.message}\n`)
      resolve({ code: 127, signal: null })
    })
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  const handle = { name, child, exited, recentOutput: () => recent.join('\n') }
  running.add(handle)
  exited.then(() => running.delete(handle))
  return handle
}

/** Inherited stdio, for interactive CLI steps. Resolves to the exit code. */
export function runInteractive(command, args, { env = process.env, cwd } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd, stdio: 'inherit' })
    child.once('error', (error) => {
      console.error(`could not start ${command}: ${error.message}`)
      resolve(127)
    })
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)))
  })
}

/** Resolves to { code, stdout, stderr }. */
export function runCaptured(command, args, { env = process.env, cwd, input } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.once('error', (error) => resolve({ code: 127, stdout, stderr: `${stderr}${error.message}` }))
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }))
    child.stdin.on('error', () => {})
    child.stdin.end(input ?? '')
  })
}

function signalTree(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return
  try {
    if (POSIX) process.kill(-child.pid, signal)
    else child.kill(signal)
  } catch {
    // Already gone.
  }
}

/** SIGTERM to each child (and its group), SIGKILL to what is still running after `graceMs`. */
export async function stopChildren(children, graceMs = 5000) {
  const alive = children.filter(({ child }) => child.pid && child.exitCode === null && child.signalCode === null)
  for (const { child } of alive) signalTree(child, 'SIGTERM')
  const timer = setTimeout(() => {
    for (const { child } of alive) signalTree(child, 'SIGKILL')
  }, graceMs)
  await Promise.all(alive.map(({ exited }) => exited))
  clearTimeout(timer)
  // The group may outlive its leader (a grandchild that ignored SIGTERM).
  if (POSIX) for (const { child } of alive) signalTree({ exitCode: null, signalCode: null, pid: child.pid }, 'SIGKILL')
}

export const stopAll = (graceMs) => stopChildren([...running], graceMs)

/**
 * Polls `url` until it answers (any HTTP status below 500), or rejects after `timeoutMs` or as soon as
 * `exited` (a child's exit promise) settles first.
 */
export async function waitForHttp(url, { timeoutMs = 60_000, exited, what = url } = {}) {
  let childExit = null
  exited?.then((result) => (childExit = result))
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (childExit) throw new Error(`${what} exited (code ${childExit.code ?? childExit.signal}) before it was ready`)
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) })
      await response.arrayBuffer()
      if (response.status < 500) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${what} did not answer at ${url} within ${Math.round(timeoutMs / 1000)} s`)
}

/**
 * Calls `shutdown(reason, exitCode)` once on SIGINT/SIGTERM/SIGHUP (a closed terminal). A second Ctrl-C while
 * shutting down exits immediately.
 */
export function onTerminationSignal(shutdown) {
  let signalled = false
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (signalled) {
        console.error(`\n${signal} again: exiting without waiting.`)
        process.exit(130)
      }
      signalled = true
      shutdown(signal, 0)
    })
  }
}
