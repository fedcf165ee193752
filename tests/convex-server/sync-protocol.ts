/**
 * The Convex sync protocol (what ConvexClient / ConvexReactClient speak over the WebSocket),
 * as read from convex/dist/esm/browser/sync/. Each connection keeps the version the client
 * believes it is at; every Transition starts exactly there.
 */
import type { JSONValue } from 'convex/values'
import { WebSocket, type RawData } from 'ws'
import { AuthFailure, type Identity, type TokenVerifier } from './identity'
import { decodeArgs, type Args, type Outcome, type Runtime } from './runtime'

type Version = { querySet: number; identity: number; ts: bigint }
type Subscription = { udfPath: string; args: Args | Error; lastSent?: string }
type QueryModification =
  | { type: 'QueryUpdated'; queryId: number; value: JSONValue; logLines: string[] }
  | { type: 'QueryFailed'; queryId: number; errorMessage: string; errorData?: JSONValue; logLines: string[] }
  | { type: 'QueryRemoved'; queryId: number }
type ClientMessage = { type: string; [field: string]: any }

const PING_INTERVAL_MS = 15_000 // the client reconnects after 60 s without a message
const MAX_TIMER_MS = 2 ** 31 - 1

/** Timestamps travel as base64 of a little-endian u64. */
export function encodeTs(ts: bigint): string {
  const bytes = Buffer.alloc(8)
  bytes.writeBigUInt64LE(ts)
  return bytes.toString('base64')
}

const wireVersion = (v: Version) => ({ querySet: v.querySet, identity: v.identity, ts: encodeTs(v.ts) })

/** Owns the commit timestamp and the open connections; tells them to re-run queries after writes. */
export class SyncHub {
  private readonly sessions = new Set<SyncSession>()
  private latestTs = BigInt(Date.now()) * 1_000_000n

  constructor(
    readonly runtime: Runtime,
    readonly verifyToken: TokenVerifier,
  ) {}

  get ts(): bigint {
    return this.latestTs
  }

  /** Call after anything that may have written: returns the new timestamp and refreshes every connection. */
  afterWrite(): bigint {
    const now = BigInt(Date.now()) * 1_000_000n
    this.latestTs = now > this.latestTs ? now : this.latestTs + 1n
    for (const session of this.sessions) session.scheduleRefresh()
    return this.latestTs
  }

  accept(ws: WebSocket): void {
    const session = new SyncSession(ws, this)
    this.sessions.add(session)
    ws.on('close', () => {
      this.sessions.delete(session)
      session.dispose()
    })
  }

  closeAll(): void {
    for (const session of this.sessions) session.terminate()
  }
}

class SyncSession {
  private version: Version = { querySet: 0, identity: 0, ts: 0n }
  private readonly queries = new Map<number, Subscription>()
  private identity: Identity | null = null
  // A mutation's promise resolves only once a Transition reaches its timestamp.
  private awaitedTs = 0n
  private chain: Promise<void> = Promise.resolve()
  private refreshQueued = false
  private expiryTimer?: NodeJS.Timeout
  private readonly pingTimer: NodeJS.Timeout

  constructor(
    private readonly ws: WebSocket,
    private readonly hub: SyncHub,
  ) {
    ws.on('message', (data) => this.enqueue(() => this.handle(data)))
    ws.on('error', () => ws.terminate()) // e.g. an invalid frame; without a listener it would crash the process
    this.pingTimer = setInterval(() => this.send({ type: 'Ping' }), PING_INTERVAL_MS).unref()
  }

  scheduleRefresh(): void {
    if (this.refreshQueued) return
    this.refreshQueued = true
    this.enqueue(async () => {
      this.refreshQueued = false
      await this.refresh()
    })
  }

  dispose(): void {
    clearInterval(this.pingTimer)
    clearTimeout(this.expiryTimer)
  }

  terminate(): void {
    this.ws.terminate()
  }

  /** Messages of one connection are handled strictly in order. */
  private enqueue(job: () => Promise<void>): void {
    this.chain = this.chain.then(job).catch((error) => {
      console.error('[convex-test-server] sync connection failed:', error)
      this.fatal('Internal server error')
    })
  }

  private send(message: object): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message))
  }

  private fatal(error: string): void {
    this.send({ type: 'FatalError', error })
    this.ws.close(1011, 'FatalError')
  }

  private async handle(data: RawData): Promise<void> {
    let message: ClientMessage
    try {
      message = JSON.parse(data.toString())
      if (typeof message?.type !== 'string') throw new Error('missing type')
    } catch {
      return this.fatal('Invalid message: expected a JSON object with a "type"')
    }
    switch (message.type) {
      case 'Connect':
      case 'Event':
        return
      case 'ModifyQuerySet':
        return this.modifyQuerySet(message)
      case 'Authenticate':
        return this.authenticate(message)
      case 'Mutation':
      case 'Action':
        return this.request(message)
      default:
        return this.fatal(`Unknown message type "${message.type}"`)
    }
  }

  private async modifyQuerySet(message: ClientMessage): Promise<void> {
    if (message.baseVersion !== this.version.querySet || !Array.isArray(message.modifications)) {
      return this.fatal(
        `Invalid ModifyQuerySet: base version ${message.baseVersion}, server is at ${this.version.querySet}`,
      )
    }
    const ts = this.hub.ts
    const added: number[] = []
    const removed: QueryModification[] = []
    for (const change of message.modifications as ClientMessage[]) {
      if (change.type === 'Add' && typeof change.udfPath === 'string') {
        this.queries.set(change.queryId, { udfPath: change.udfPath, args: this.safeArgs(change.args) })
        added.push(change.queryId)
      } else if (change.type === 'Remove') {
        this.queries.delete(change.queryId)
        removed.push({ type: 'QueryRemoved', queryId: change.queryId })
      } else {
        return this.fatal(`Invalid query set modification ${JSON.stringify(change)}`)
      }
    }
    const updated = await this.runQueries(added)
    this.transition([...removed, ...updated], { querySet: message.newVersion, ts })
  }

  private async authenticate(message: ClientMessage): Promise<void> {
    if (message.baseVersion !== this.version.identity) {
      return this.fatal(
        `Invalid Authenticate: base version ${message.baseVersion}, server is at ${this.version.identity}`,
      )
    }
    clearTimeout(this.expiryTimer)
    this.identity = null
    if (message.tokenType === 'User') {
      try {
        const { identity, expiresAt } = await this.hub.verifyToken(String(message.value))
        this.identity = identity
        if (expiresAt !== undefined) this.expireAt(expiresAt)
      } catch (error) {
        const reason = error instanceof AuthFailure ? error.message : 'Could not verify token'
        return this.authError(reason, message.baseVersion, true)
      }
    } else if (message.tokenType !== 'None') {
      return this.authError('Only user tokens are supported by the in-memory test server', message.baseVersion, true)
    }
    const ts = this.hub.ts
    const updated = await this.runQueries([...this.queries.keys()])
    this.transition(updated, { identity: message.baseVersion + 1, ts })
  }

  private async request(message: ClientMessage): Promise<void> {
    const isMutation = message.type === 'Mutation'
    const args = this.safeArgs(message.args)
    const outcome: Outcome =
      args instanceof Error
        ? { success: false, errorMessage: args.message }
        : await this.hub.runtime.call(isMutation ? 'mutation' : 'action', String(message.udfPath), args, this.identity)
    const response = outcome.success
      ? { success: true, result: outcome.value }
      : { success: false, result: outcome.errorMessage, errorData: outcome.errorData }
    if (!isMutation) {
      this.send({ type: 'ActionResponse', requestId: message.requestId, ...response, logLines: [] })
      this.hub.afterWrite()
    } else if (outcome.success) {
      this.awaitedTs = this.hub.afterWrite()
      this.send({
        type: 'MutationResponse',
        requestId: message.requestId,
        ...response,
        ts: encodeTs(this.awaitedTs),
        logLines: [],
      })
    } else {
      this.send({ type: 'MutationResponse', requestId: message.requestId, ...response, logLines: [] })
    }
  }

  private async refresh(): Promise<void> {
    const ts = this.hub.ts
    const updated = await this.runQueries([...this.queries.keys()])
    if (updated.length > 0 || this.version.ts < this.awaitedTs) this.transition(updated, { ts })
  }

  /** Runs the queries in one exclusive section and returns those whose result differs from what was last sent. */
  private runQueries(queryIds: number[]): Promise<QueryModification[]> {
    const { runtime } = this.hub
    return runtime.exclusive(async () => {
      const changed: QueryModification[] = []
      for (const queryId of queryIds) {
        const query = this.queries.get(queryId)
        if (!query) continue
        const outcome: Outcome =
          query.args instanceof Error
            ? { success: false, errorMessage: query.args.message }
            : await runtime.execute('query', query.udfPath, query.args, this.identity)
        const modification: QueryModification = outcome.success
          ? { type: 'QueryUpdated', queryId, value: outcome.value, logLines: [] }
          : {
              type: 'QueryFailed',
              queryId,
              errorMessage: outcome.errorMessage,
              errorData: outcome.errorData,
              logLines: [],
            }
        const serialized = JSON.stringify(modification)
        if (serialized !== query.lastSent) {
          query.lastSent = serialized
          changed.push(modification)
        }
      }
      return changed
    })
  }

  private transition(modifications: QueryModification[], next: Partial<Version> & { ts: bigint }): void {
    const endVersion: Version = { ...this.version, ...next, ts: next.ts > this.version.ts ? next.ts : this.version.ts }
    this.send({
      type: 'Transition',
      startVersion: wireVersion(this.version),
      endVersion: wireVersion(endVersion),
      modifications,
    })
    this.version = endVersion
  }

  /** The client answers an AuthError by reconnecting with a fresh token, so the connection ends here. */
  private authError(error: string, baseVersion: number, authUpdateAttempted: boolean): void {
    this.send({ type: 'AuthError', error, baseVersion, authUpdateAttempted })
    this.ws.close(1000, 'AuthError')
  }

  private expireAt(expiresAtSeconds: number): void {
    const delay = expiresAtSeconds * 1000 - Date.now()
    if (delay > MAX_TIMER_MS) return
    this.expiryTimer = setTimeout(
      () => this.enqueue(async () => this.authError('Token expired', this.version.identity, false)),
      Math.max(0, delay),
    ).unref()
  }

  private safeArgs(encoded: unknown): Args | Error {
    try {
      return decodeArgs(Array.isArray(encoded) ? encoded[0] : encoded)
    } catch (error) {
      return error as Error
    }
  }
}
