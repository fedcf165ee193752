import { describe, expect, it } from 'vitest'
import { pickClientAddress } from './client-address'

describe('pickClientAddress', () => {
  it('uses the socket peer and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(pickClientAddress({ socketAddress: '203.0.113.7', forwardedFor: '198.51.100.1', trustedProxyHops: 0 })).toBe(
      '203.0.113.7',
    )
  })

  it('takes the entry our one proxy appended, not the one the client wrote before it', () => {
    expect(
      pickClientAddress({
        socketAddress: '10.0.0.2',
        forwardedFor: '198.51.100.1, 203.0.113.7',
        trustedProxyHops: 1,
      }),
    ).toBe('203.0.113.7')
  })

  it('walks back one entry per trusted proxy', () => {
    expect(
      pickClientAddress({
        socketAddress: '10.0.0.3',
        forwardedFor: '198.51.100.1, 203.0.113.7, 10.0.0.2',
        trustedProxyHops: 2,
      }),
    ).toBe('203.0.113.7')
  })

  it('knows no address when the proxies did not say', () => {
    expect(pickClientAddress({ socketAddress: '10.0.0.2', forwardedFor: null, trustedProxyHops: 1 })).toBeUndefined()
    expect(
      pickClientAddress({ socketAddress: '10.0.0.2', forwardedFor: '203.0.113.7', trustedProxyHops: 2 }),
    ).toBeUndefined()
  })
})
