import { authClientOnDemand } from '~/auth/auth-client-loader'

/**
 * Better Auth replaced this browser's session (changing the password and signing the others out does), but the
 * `convex_jwt` cookie that server rendering and server functions use still names the old one, so the next loader
 * would find nobody signed in. Fetching a token stores a fresh cookie. A failure is left to the next request.
 */
export async function refreshConvexSession() {
  const authClient = await authClientOnDemand.load()
  await authClient.convex.token({ fetchOptions: { throw: false } }).catch(() => {})
}
