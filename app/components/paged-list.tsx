import { LIST_PAGE_MAX_ITEMS } from '@lib/policy'
import { useQueries } from 'convex/react'
import { getFunctionName, type FunctionReference, type PaginationOptions, type PaginationResult } from 'convex/server'
import { useMemo, useState } from 'react'
import { Button } from './Button'

type PagedQuery<Item> = FunctionReference<
  'query',
  'public',
  { paginationOpts: PaginationOptions },
  PaginationResult<Item>
>

export type PagedList<Item> =
  | { status: 'loading' }
  | { status: 'failed'; error: Error }
  | { status: 'ready'; items: Item[]; more: 'none' | 'available' | 'loading' | 'capped'; showMore: () => void }

/**
 * A live paginated query shown as one growing list: "Show more" asks for a larger first page rather than the next
 * cursor, so the list stays one consistent, live range (no item lost or shown twice when rows come and go between
 * pages). Failures are values, as in use-live-query.ts; while a larger page loads, or after a failure that follows
 * an answer, the last answer stays on screen.
 */
export function usePagedQuery<Item>(query: PagedQuery<Item>, pageSize: number): PagedList<Item> {
  const [numItems, setNumItems] = useState(pageSize)
  const name = getFunctionName(query)
  // Keyed by the function's name, not the reference (a new object on every `api.x.y`), as in use-live-query.ts.
  const request = useMemo(
    () => ({ result: { query, args: { paginationOpts: { cursor: null, numItems } } } }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [name, numItems],
  )
  const { result } = useQueries(request) as { result: PaginationResult<Item> | Error | undefined }
  const [lastAnswer, setLastAnswer] = useState<{ page: PaginationResult<Item>; numItems: number } | null>(null)
  const answered = result !== undefined && !(result instanceof Error)
  if (answered && (lastAnswer?.page !== result || lastAnswer.numItems !== numItems))
    setLastAnswer({ page: result, numItems })
  const shown = answered ? { page: result, numItems } : lastAnswer
  if (!shown) {
    return result instanceof Error ? { status: 'failed', error: result } : { status: 'loading' }
  }
  const showMore = () => setNumItems((n) => Math.min(n + pageSize, LIST_PAGE_MAX_ITEMS))
  let more: 'none' | 'available' | 'loading' | 'capped'
  if (shown.numItems < numItems && result === undefined) more = 'loading'
  else if (shown.page.isDone) more = 'none'
  else more = numItems >= LIST_PAGE_MAX_ITEMS ? 'capped' : 'available'
  return { status: 'ready', items: shown.page.page, more, showMore }
}

/** The "Show more" button under a paged list, or a note once the list is as long as it gets. */
export function ShowMoreButton({
  list,
  label,
}: {
  list: Extract<PagedList<unknown>, { status: 'ready' }>
  label: string
}) {
  if (list.more === 'none') return null
  if (list.more === 'capped') {
    return <p className="text-sm text-slate-600">Showing the newest {LIST_PAGE_MAX_ITEMS}.</p>
  }
  const loading = list.more === 'loading'
  return (
    <Button onClick={list.showMore} pending={loading} pendingLabel="Loading more…">
      {label}
    </Button>
  )
}
