import { createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { safeRedirect } from '@lib/safe-redirect'
import { redirectIfSignedIn } from '~/auth/guards'
import { signInNotice } from '~/auth/sign-in-notice'
import { validateSignInSearch } from '~/auth/sign-in-reason'
import { SignInForm } from '~/auth/SignInForm'

export const Route = createFileRoute('/sign-in')({
  validateSearch: validateSignInSearch,
  beforeLoad: ({ context, search }) => redirectIfSignedIn(context.auth, search.redirect),
  head: () => ({ meta: [{ title: `Sign in · ${APP_NAME}` }] }),
  component: SignInPage,
})

function SignInPage() {
  const { redirect, reason } = Route.useSearch()
  return <SignInForm redirectTo={safeRedirect(redirect)} notice={signInNotice(reason)} />
}
