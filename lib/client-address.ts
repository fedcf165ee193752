/**
 * Which address is the client's. The socket peer is the only address nobody can forge; X-Forwarded-For is
 * used only when TRUST_PROXY says how many proxies of ours stand in front, and then only the entry the
 * outermost of them appended: everything left of it was written by the client.
 */
export function pickClientAddress(options: {
  socketAddress: string | undefined
  forwardedFor: string | null
  trustedProxyHops: number
}): string | undefined {
  const { socketAddress, forwardedFor, trustedProxyHops } = options
  if (trustedProxyHops === 0) return socketAddress
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  // Each trusted proxy appends the address it received the request from; the last `hops` entries are theirs.
  return hops.at(-trustedProxyHops)
}
