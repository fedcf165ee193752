import { AUTH_BASE_PATH, OAUTH_PROVIDERS_PATH } from '@lib/auth-routes'
import type { OAuthProvider } from '@lib/oauth-providers'
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react'
import type { OAuthSignInButtonsProps } from './OAuthSignInButtons'

// The buttons and what they need load only when the deployment offers a provider: most keep /sign-in to the password.
const OAuthSignInButtonsChunk = lazy((): Promise<{ default: (props: OAuthSignInButtonsProps) => ReactNode }> =>
  import('./OAuthSignInButtons').then(
    (module) => ({ default: module.OAuthSignInButtons }),
    () => ({ default: NotLoaded }),
  ),
)

// Offline between the list and the chunk: the password form is still there.
function NotLoaded(_props: OAuthSignInButtonsProps): ReactNode {
  return null
}

/**
 * The providers come from the backend (GET /api/auth/sign-in/providers, from the Convex environment), so one
 * appears when its variables are set and nothing here names one. No providers, no buttons.
 */
export function LazyOAuthSignIn(props: Omit<OAuthSignInButtonsProps, 'providers'>) {
  const [providers, setProviders] = useState<OAuthProvider[]>([])
  useEffect(() => {
    let current = true
    fetch(`${AUTH_BASE_PATH}${OAUTH_PROVIDERS_PATH}`)
      .then((response) =>
        response.ok ? (response.json() as Promise<{ providers: OAuthProvider[] }>) : { providers: [] },
      )
      .then((answer) => current && setProviders(answer.providers))
      // Without the list the password form still works; the buttons are an extra.
      .catch(() => {})
    return () => {
      current = false
    }
  }, [])
  if (providers.length === 0) return null
  return (
    <Suspense fallback={null}>
      <OAuthSignInButtonsChunk providers={providers} {...props} />
    </Suspense>
  )
}
