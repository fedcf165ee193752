import { setResponseHeader, setResponseStatus } from '@tanstack/react-start/server'

// Convex outages are usually short; tell well-behaved clients and monitors when to look again.
const RETRY_AFTER_S = 5

export function answerServiceUnavailable() {
  setResponseStatus(503)
  setResponseHeader('retry-after', String(RETRY_AFTER_S))
}
