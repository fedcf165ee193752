import { AUTH_BASE_PATH, OAUTH_PROVIDERS_PATH } from '@lib/auth-routes'
import type { OAuthProvider } from '@lib/oauth-providers'
import { useEffect, useState } from 'react'
import { secondaryButton } from '~/components/button-styles'
import { Spinner } from '~/components/form'
import { authErrorMessage } from './auth-error-message'
import { prefetchAuthClientOnApproach } from './auth-client-loader'
import { startOAuth } from './oauth-start'

/**
 * "Continue with …" for each provider the deployment configured: the list comes from the backend, so a provider
 * appears when its variables are set and nothing here names one. No providers, no buttons.
 */
export function OAuthSignInButtons({ redirectTo, onError }: { redirectTo: string; onError: (message: string) => void }) {
  const [providers, setProviders] = useState<OAuthProvider[]>([])
  const [pending, setPending] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    fetch(`${AUTH_BASE_PATH}${OAUTH_PROVIDERS_PATH}`)
      .then((response) => (response.ok ? (response.json() as Promise<{ providers: OAuthProvider[] }>) : { providers: [] }))
      .then((answer) => current && setProviders(answer.providers))
      // Without the list the password form still works; the buttons are an extra.
      .catch(() => {})
    return () => {
      current = false
    }
  }, [])

  async function continueWith(provider: OAuthProvider) {
    if (pending) return
    setPending(provider.id)
    const result = await startOAuth(provider, 'sign-in', redirectTo, '/sign-in')
    if (result.ok) return window.location.assign(result.data.url)
    setPending(null)
    onError(authErrorMessage(result.failure))
  }

  if (providers.length === 0) return null
  return (
    <div className="mt-6 space-y-2" role="group" aria-label="Other ways to sign in">
      {providers.map((provider) => (
        <button
          key={provider.id}
          type="button"
          onClick={() => continueWith(provider)}
          aria-disabled={pending !== null || undefined}
          className={`${secondaryButton} w-full`}
          {...prefetchAuthClientOnApproach}
        >
          {pending === provider.id ? <Spinner /> : null}
          Continue with {provider.name}
        </button>
      ))}
    </div>
  )
}
