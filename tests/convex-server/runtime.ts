import { convexTest } from 'convex-test'
import { makeFunctionReference, type SchemaDefinition } from 'convex/server'
import { convexToJson, jsonToConvex, type JSONValue, type Value } from 'convex/values'
import type { Identity } from './identity'
import { COMPONENT_NAME, type ConvexModules, type FunctionKind } from './modules'

export type Args = Record<string, Value>
export type Outcome =
  { success: true; value: JSONValue } | { success: false; errorMessage: string; errorData?: JSONValue }

const failure = (errorMessage: string): Outcome => ({ success: false, errorMessage })
const capitalized = (kind: string) => kind[0]!.toUpperCase() + kind.slice(1)

/** `module`, `module.js:fn` and `module:fn` all name the same function, as in the Convex client. */
export function canonicalUdfPath(udfPath: string): string {
  const colon = udfPath.lastIndexOf(':')
  const modulePath = colon === -1 ? udfPath : udfPath.slice(0, colon)
  const exportName = colon === -1 ? 'default' : udfPath.slice(colon + 1)
  return `${modulePath.replace(/\.js$/, '')}:${exportName}`
}

/** Convex-encoded JSON arguments -> a plain arguments object; throws a message fit for the client. */
export function decodeArgs(encoded: unknown): Args {
  let args: Value
  try {
    args = jsonToConvex((encoded ?? {}) as JSONValue)
  } catch (error) {
    throw new Error(`Invalid function arguments: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args) || args instanceof ArrayBuffer) {
    throw new Error('The arguments to a Convex function must be an object.')
  }
  return args as Args
}

function isConvexError(error: unknown): error is Error & { data: Value } {
  return typeof error === 'object' && error !== null && Symbol.for('ConvexError') in error
}

const newRequestId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('')

/**
 * A function's error as a production deployment shows it: a ConvexError keeps its data, an argument validator's
 * complaint stays readable, and any other error becomes "Server Error" with a request id; its message and stack
 * stay in this process's log under that id.
 */
export function toFailure(udfPath: string, error: unknown): Outcome {
  const requestId = newRequestId()
  if (isConvexError(error)) {
    return {
      success: false,
      errorMessage: `[Request ID: ${requestId}] Server Error\nUncaught ConvexError: ${error.message}`,
      errorData: convexToJson(error.data),
    }
  }
  const message = error instanceof Error ? error.message : String(error)
  if (message.startsWith('Validator error:'))
    return failure(`[Request ID: ${requestId}] ArgumentValidationError: ${message}`)
  console.error(`[convex-test-server] ${udfPath} failed (request ${requestId}):`, error)
  return failure(`[Request ID: ${requestId}] Server Error`)
}

export async function createRuntime(modules: ConvexModules) {
  const schema = (await modules.load('schema.ts')).default as SchemaDefinition<any, boolean>
  const componentSchema = (await modules.load(`${COMPONENT_NAME}/schema.ts`)).default as SchemaDefinition<any, boolean>
  // Convex's documented per-transaction limits (16,000 writes, 32,000 documents scanned, 16 MiB each way).
  const t = convexTest({ schema, modules: modules.app, transactionLimits: true })
  t.registerComponent(COMPONENT_NAME, componentSchema, modules.component)

  /*
   * convex-test runs each top-level query and mutation alone (its TransactionManager), which makes them
   * serializable as on Convex. `exclusive` additionally keeps a batch of subscription queries at one snapshot
   * against writes made through the HTTP API and the WebSocket; HTTP actions and actions run concurrently,
   * as on Convex, their queries and mutations interleaving one transaction at a time.
   */
  let tail: Promise<unknown> = Promise.resolve()
  function exclusive<T>(job: () => Promise<T>): Promise<T> {
    const result = tail.then(job)
    tail = result.catch(() => undefined)
    return result
  }

  /**
   * Runs a public function as a user (or anonymously), or any app function as the deployment's admin, who has no
   * user identity.
   */
  async function execute(
    kind: FunctionKind | 'any',
    udfPath: string,
    args: Args,
    identity: Identity | null,
    role: 'user' | 'admin' = 'user',
  ): Promise<Outcome> {
    const path = canonicalUdfPath(udfPath)
    try {
      const actual = await modules.functionKind(path, role)
      if (!actual) {
        const what = role === 'admin' ? 'function' : 'public function'
        return failure(
          `Could not find ${what} for '${path}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
        )
      }
      if (kind !== 'any' && kind !== actual) {
        return failure(
          `Trying to execute ${path} as ${capitalized(kind)}, but it is defined as ${capitalized(actual)}.`,
        )
      }
      const caller = identity ? t.withIdentity(identity) : t
      const run = caller[actual] as (reference: unknown, args: Args) => Promise<Value | undefined>
      return { success: true, value: convexToJson((await run(makeFunctionReference(path), args)) ?? null) }
    } catch (error) {
      return toFailure(path, error)
    }
  }

  /** Serves one request from convex/http.ts, concurrently with any other. */
  async function fetchSite(pathAndQuery: string, init: RequestInit) {
    const response = await t.fetch(pathAndQuery, init)
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) }
  }

  /** Actions run beside everything else; a query or mutation waits for the subscription batch in progress. */
  async function schedule(kind: FunctionKind | 'any', udfPath: string, run: () => Promise<Outcome>): Promise<Outcome> {
    const actual = kind === 'any' ? await modules.functionKind(canonicalUdfPath(udfPath), 'admin') : kind
    return actual === 'action' ? run() : exclusive(run)
  }

  return {
    exclusive,
    execute,
    fetchSite,
    call: (kind: FunctionKind | 'any', udfPath: string, args: Args, identity: Identity | null) =>
      schedule(kind, udfPath, () => execute(kind, udfPath, args, identity)),
    callAsAdmin: (kind: FunctionKind | 'any', udfPath: string, args: Args) =>
      schedule(kind, udfPath, () => execute(kind, udfPath, args, null, 'admin')),
  }
}

export type Runtime = Awaited<ReturnType<typeof createRuntime>>
