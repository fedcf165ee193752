import type { OAuthProvider } from '@lib/oauth-providers'
import { useState } from 'react'
import { Button } from '~/components/Button'
import { Spinner } from '~/components/form'
import { prefetchAuthClientOnApproach } from './auth-client-loader'
import { failureMessage } from './auth-request'
import { startOAuth } from './oauth-start'

export interface OAuthSignInButtonsProps {
  providers: OAuthProvider[]
  redirectTo: string
  onError: (message: string) => void
}

/** "Continue with …" for each provider the deployment configured (LazyOAuthSignIn.tsx fetches the list). */
export function OAuthSignInButtons({ providers, redirectTo, onError }: OAuthSignInButtonsProps) {
  const [pending, setPending] = useState<string | null>(null)

  async function continueWith(provider: OAuthProvider) {
    if (pending) return
    setPending(provider.id)
    const result = await startOAuth(provider, 'sign-in', redirectTo, '/sign-in')
    if (result.ok) return window.location.assign(result.data.url)
    setPending(null)
    onError(await failureMessage(result.failure))
  }

  return (
    <div className="mt-6 space-y-2" role="group" aria-label="Other ways to sign in">
      {providers.map((provider) => (
        <Button
          key={provider.id}
          type="button"
          onClick={() => continueWith(provider)}
          aria-disabled={pending !== null || undefined}
          className="w-full"
          {...prefetchAuthClientOnApproach}
        >
          {pending === provider.id ? <Spinner /> : null}
          Continue with {provider.name}
        </Button>
      ))}
    </div>
  )
}
