import { useQueries } from 'convex/react'
import { getFunctionName, type FunctionReference, type FunctionReturnType } from 'convex/server'
import { useMemo, useState } from 'react'

export type LiveQuery<T> = { status: 'loading' } | { status: 'failed' } | { status: 'ready'; data: T }

type ArgumentlessQuery = FunctionReference<'query', 'public', Record<string, never>>

/**
 * A live Convex query (no arguments) whose failure is a state to render rather than an exception (useQuery throws
 * into the nearest error boundary). Some failures last a moment only: turning two-factor on or off replaces the
 * session, and until the Convex client holds a token for the new one the query is refused. Meanwhile the last
 * answer stays on screen.
 */
export function useLiveQuery<Query extends ArgumentlessQuery>(query: Query): LiveQuery<FunctionReturnType<Query>> {
  // useQueries subscribes anew whenever this object changes identity, and `api.x.y` is a new object on every
  // access: so the request is keyed by the function's name, as Convex's own useQuery does.
  const name = getFunctionName(query)
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by name on purpose, see above
  const request = useMemo(() => ({ result: { query, args: {} } }), [name])
  const { result } = useQueries(request) as { result: FunctionReturnType<Query> | Error | undefined }
  const [lastAnswer, setLastAnswer] = useState<{ data: FunctionReturnType<Query> } | null>(null)
  const answered = result !== undefined && !(result instanceof Error)
  if (answered && lastAnswer?.data !== result) setLastAnswer({ data: result })
  if (result instanceof Error) return lastAnswer ? { status: 'ready', ...lastAnswer } : { status: 'failed' }
  if (result === undefined) return { status: 'loading' }
  return { status: 'ready', data: result }
}
