import type { PaginationOptions } from 'convex/server'
import { ConvexError } from 'convex/values'
import { ErrorCode } from '../../lib/error-codes'
import { LIST_PAGE_MAX_ITEMS } from '../../lib/policy'

export function requirePageSize({ numItems }: PaginationOptions) {
  if (!Number.isInteger(numItems) || numItems < 1 || numItems > LIST_PAGE_MAX_ITEMS) {
    throw new ConvexError({ code: ErrorCode.InvalidPageSize, message: `A page has 1 to ${LIST_PAGE_MAX_ITEMS} items.` })
  }
}
