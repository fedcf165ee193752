import { ConvexError } from 'convex/values'
import type { ErrorCode } from '@lib/error-codes'

/** The code of an expected failure of a Convex function (`ConvexError({ code })`); undefined for anything else. */
export function convexErrorCode(error: unknown): ErrorCode | undefined {
  if (!(error instanceof ConvexError)) return undefined
  const code = (error.data as { code?: unknown } | null)?.code
  // Convex functions throw only codes from lib/error-codes.ts.
  return typeof code === 'string' ? (code as ErrorCode) : undefined
}
