import { onDemand } from '@lib/on-demand'
import { useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { Button } from '~/components/Button'
import { FormAlert } from '~/components/form'
import { Icon } from '~/components/Icon'
import { logOutIcon } from '~/components/icons'
import { useFormAlert } from '~/components/use-form-alert'
import { prefetchAuthClient } from './auth-client-loader'
import { useSessionStore } from './use-session-store'

// On every signed-in page; what it does (and its error words) loads when it is approached.
const signOutOnDemand = onDemand(() => import('./sign-out'))

function prefetch() {
  signOutOnDemand.load().catch(() => {})
  prefetchAuthClient()
}

export function SignOutButton() {
  const router = useRouter()
  const session = useSessionStore()
  const [pending, setPending] = useState(false)
  const formAlert = useFormAlert()

  async function signOut() {
    setPending(true)
    formAlert.clear()
    try {
      const problem = await signOutOnDemand.load().then(
        (module) => module.signOut(router, session),
        () => 'Signing out needs a connection. Check yours and try again.',
      )
      if (problem) formAlert.show(problem)
    } finally {
      setPending(false)
    }
  }

  return (
    <>
      <Button
        onClick={signOut}
        onFocus={prefetch}
        onPointerDown={prefetch}
        pending={pending}
        pendingLabel={<span className="sr-only sm:not-sr-only">Signing out…</span>}
        className="px-2.5 sm:px-3"
      >
        <Icon icon={logOutIcon} className="size-4" />
        <span className="sr-only sm:not-sr-only">Sign out</span>
      </Button>
      {/* Under the header's row: a failed sign-out is rare, and the page must not shift for the common case. */}
      <div className="basis-full empty:hidden">
        <FormAlert alert={formAlert} />
      </div>
    </>
  )
}
