import { createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { VerifyEmailResult } from '~/account/VerifyEmailResult'
import { validateVerifyEmailSearch } from '~/account/verify-email-search'

export const Route = createFileRoute('/verify-email')({
  validateSearch: validateVerifyEmailSearch,
  head: () => ({ meta: [{ title: `Verify your email · ${APP_NAME}` }] }),
  component: VerifyEmailPage,
})

function VerifyEmailPage() {
  const { auth } = Route.useRouteContext()
  return <VerifyEmailResult search={Route.useSearch()} signedIn={auth === 'signed-in'} />
}
