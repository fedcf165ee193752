import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { isNetworkFailure } from './network-failure'

describe('isNetworkFailure', () => {
  it('recognises a refused connection the way fetch reports it', async () => {
    // A port that was just free: bind it, note it, release it.
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    await new Promise((resolve) => server.close(resolve))
    const error = await fetch(`http://127.0.0.1:${port}/`).catch((caught: unknown) => caught)
    expect(isNetworkFailure(error)).toBe(true)
  })

  it('recognises timeouts and aborts', () => {
    expect(isNetworkFailure(new DOMException('slow', 'TimeoutError'))).toBe(true)
    expect(isNetworkFailure(new DOMException('gone', 'AbortError'))).toBe(true)
  })

  it('does not mistake answers or bugs for an outage', () => {
    expect(isNetworkFailure(new Error('{"code":"Unauthenticated"}'))).toBe(false)
    expect(isNetworkFailure(new TypeError('undefined is not a function'))).toBe(false)
    expect(isNetworkFailure(null)).toBe(false)
  })
})
