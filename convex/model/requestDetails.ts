import { CLIENT_IP_HEADER } from '../../lib/client-ip'

/** Who made a request, as far as the security log cares: the verified client IP and the user agent. */
export function requestDetails(context: { request?: Request }): { ipAddress?: string; userAgent?: string } {
  const headers = context.request?.headers
  return {
    ipAddress: headers?.get(CLIENT_IP_HEADER) ?? undefined,
    userAgent: headers?.get('user-agent') ?? undefined,
  }
}
