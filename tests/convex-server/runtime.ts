import { convexTest } from 'convex-test'
import { makeFunctionReference, type SchemaDefinition } from 'convex/server'
import { convexToJson, jsonToConvex, type JSONValue, type Value } from 'convex/values'
import type { Identity } from './identity'
import { COMPONENT_NAME, type ConvexModules, type FunctionKind } from './modules'

export type Args = Record<string, Value>
export type Outcome =
  | { success: true; value: JSONValue }
  | { success: false; errorMessage: string; errorData?: JSONValue }

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

function toFailure(udfPath: string, error: unknown): Outcome {
  if (isConvexError(error)) {
    return { success: false, errorMessage: `Uncaught ConvexError: ${error.message}`, errorData: convexToJson(error.data) }
  }
  // The stack stays in this process's log; clients get the message only, like a Convex deployment.
  console.error(`[convex-test-server] ${udfPath} failed:`, error)
  return failure(`Uncaught Error: ${error instanceof Error ? error.message : String(error)}`)
}

export async function createRuntime(modules: ConvexModules) {
  const schema = (await modules.load('schema.ts')).default as SchemaDefinition<any, boolean>
  const componentSchema = (await modules.load(`${COMPONENT_NAME}/schema.ts`)).default as SchemaDefinition<any, boolean>
  const t = convexTest(schema, modules.app)
  t.registerComponent(COMPONENT_NAME, componentSchema, modules.component)

  // convex-test keeps one global database and is not built for concurrent callers.
  let tail: Promise<unknown> = Promise.resolve()
  function exclusive<T>(job: () => Promise<T>): Promise<T> {
    const result = tail.then(job)
    tail = result.catch(() => undefined)
    return result
  }

  /**
   * Runs a public function as a user (or anonymously), or any app function as the deployment's admin, who has no
   * user identity; call only inside `exclusive`.
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
        return failure(`Could not find ${what} for '${path}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`)
      }
      if (kind !== 'any' && kind !== actual) {
        return failure(`Trying to execute ${path} as ${capitalized(kind)}, but it is defined as ${capitalized(actual)}.`)
      }
      const caller = identity ? t.withIdentity(identity) : t
      const run = caller[actual] as (reference: unknown, args: Args) => Promise<Value | undefined>
      return { success: true, value: convexToJson((await run(makeFunctionReference(path), args)) ?? null) }
    } catch (error) {
      return toFailure(path, error)
    }
  }

  /** Serves one request from convex/http.ts, reading the whole body inside the exclusive section. */
  function fetchSite(pathAndQuery: string, init: RequestInit) {
    return exclusive(async () => {
      const response = await t.fetch(pathAndQuery, init)
      return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) }
    })
  }

  return {
    exclusive,
    execute,
    fetchSite,
    call: (kind: FunctionKind | 'any', udfPath: string, args: Args, identity: Identity | null) =>
      exclusive(() => execute(kind, udfPath, args, identity)),
    callAsAdmin: (kind: FunctionKind | 'any', udfPath: string, args: Args) =>
      exclusive(() => execute(kind, udfPath, args, null, 'admin')),
  }
}

export type Runtime = Awaited<ReturnType<typeof createRuntime>>
