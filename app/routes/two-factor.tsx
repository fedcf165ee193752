import { createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { safeRedirect } from '@lib/safe-redirect'
import { redirectIfSignedIn } from '~/auth/guards'
import { validateRedirectSearch } from '~/auth/redirect-search'
import { TwoFactorChallenge } from '~/two-factor/TwoFactorChallenge'

export const Route = createFileRoute('/two-factor')({
  validateSearch: validateRedirectSearch,
  beforeLoad: ({ context, search }) => redirectIfSignedIn(context.auth, search.redirect),
  head: () => ({ meta: [{ title: `Two-factor verification · ${APP_NAME}` }] }),
  component: TwoFactorPage,
})

function TwoFactorPage() {
  const { redirect } = Route.useSearch()
  return <TwoFactorChallenge redirectTo={safeRedirect(redirect)} />
}
