import { describe, expect, it } from 'vitest'
import { InvalidServerEnvError, parseServerEnv } from './env.server'

const complete = {
  VITE_CONVEX_URL: 'https://happy-otter-123.convex.cloud/',
  VITE_CONVEX_SITE_URL: 'https://happy-otter-123.convex.site',
  SITE_URL: 'https://gatehouse.example',
  AUTH_PROXY_SECRET: 'x'.repeat(32),
}

describe('parseServerEnv', () => {
  it('accepts a complete environment, trims trailing slashes and trusts no proxy by default', () => {
    expect(parseServerEnv(complete)).toEqual({
      ...complete,
      VITE_CONVEX_URL: 'https://happy-otter-123.convex.cloud',
      TRUST_PROXY: 0,
    })
  })

  it('names every missing variable', () => {
    const error = (() => {
      try {
        parseServerEnv({ SITE_URL: complete.SITE_URL })
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(InvalidServerEnvError)
    const message = (error as Error).message
    expect(message).toContain('VITE_CONVEX_URL is not set')
    expect(message).toContain('VITE_CONVEX_SITE_URL is not set')
    expect(message).toContain('AUTH_PROXY_SECRET is not set')
    expect(message).not.toMatch(/^\s*SITE_URL /m)
  })

  it('rejects a short proxy secret, a non-http URL and a fractional proxy count', () => {
    expect(() => parseServerEnv({ ...complete, AUTH_PROXY_SECRET: 'x'.repeat(31) })).toThrow(
      'AUTH_PROXY_SECRET must be at least 32 characters',
    )
    expect(() => parseServerEnv({ ...complete, SITE_URL: 'ftp://gatehouse.example' })).toThrow(
      'SITE_URL must be an http(s) URL',
    )
    expect(() => parseServerEnv({ ...complete, TRUST_PROXY: '1.5' })).toThrow('TRUST_PROXY')
  })

  it('reads the number of trusted proxy hops', () => {
    expect(parseServerEnv({ ...complete, TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2)
  })
})
