/**
 * True when a fetch never got an HTTP answer: connection refused or reset, DNS failure, timeout, abort.
 * fetch() reports these as a TypeError whose `cause` carries the socket error code (Node/undici), or as an
 * AbortError/TimeoutError DOMException; an HTTP error status is an answer and is not matched.
 */
export function isNetworkFailure(error: unknown): boolean {
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return true
  if (!(error instanceof TypeError)) return false
  const cause: unknown = error.cause
  return typeof cause === 'object' && cause !== null && typeof (cause as { code?: unknown }).code === 'string'
}
