import type { OAuthProvider } from '@lib/oauth-providers'
import { authRequest, type AuthResult } from './auth-request'

/**
 * Starts sign-in (or, signed in, linking) with a provider: Better Auth answers with the provider's address, which
 * the browser then opens. Its own client would need the generic OAuth plugin for `oidc`; one $fetch serves both.
 */
export function startOAuth(
  provider: OAuthProvider,
  mode: 'sign-in' | 'link',
  callbackURL: string,
  errorCallbackURL: string,
): Promise<AuthResult<{ url: string }>> {
  const path =
    mode === 'sign-in'
      ? provider.kind === 'social'
        ? '/sign-in/social'
        : '/sign-in/oauth2'
      : provider.kind === 'social'
        ? '/link-social'
        : '/oauth2/link'
  const body = {
    ...(provider.kind === 'social' ? { provider: provider.id } : { providerId: provider.id }),
    callbackURL,
    errorCallbackURL,
  }
  return authRequest((authClient, fetchOptions) =>
    authClient.$fetch<{ url: string }>(path, { method: 'POST', body, ...fetchOptions }),
  )
}
