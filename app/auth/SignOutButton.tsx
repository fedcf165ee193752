import { useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { FormAlert, Spinner } from '~/components/form'
import { useFormAlert } from '~/components/use-form-alert'
import { authRequestOnDemand, NETWORK_ERROR_MESSAGE, prefetchAuthClientOnApproach } from './auth-client-loader'
import { useSessionStore } from './use-session-store'

export function SignOutButton() {
  const router = useRouter()
  const session = useSessionStore()
  const [pending, setPending] = useState(false)
  const formAlert = useFormAlert()

  async function signOut() {
    if (pending) return
    setPending(true)
    formAlert.clear()
    try {
      const { authRequest, failureMessage } = await authRequestOnDemand.load()
      const result = await authRequest((authClient, fetchOptions) => authClient.signOut({ fetchOptions }))
      if (!result.ok) return formAlert.show(await failureMessage(result.failure))
      session.markSignedOut()
      await router.navigate({ to: '/' })
      // Drop everything loaded while signed in (a preloaded dashboard, say) and re-run the route guards.
      await router.invalidate()
    } catch {
      formAlert.show(NETWORK_ERROR_MESSAGE)
    } finally {
      setPending(false)
    }
  }

  return (
    <div className="space-y-2">
      <FormAlert ref={formAlert.ref} message={formAlert.message} />
      <button
        type="button"
        onClick={signOut}
        {...prefetchAuthClientOnApproach}
        aria-disabled={pending || undefined}
        className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 hover:bg-slate-100 aria-disabled:cursor-wait aria-disabled:opacity-70"
      >
        {pending ? <Spinner /> : null}
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
    </div>
  )
}
