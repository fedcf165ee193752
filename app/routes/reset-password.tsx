import { createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { ResetPasswordForm } from '~/account/ResetPasswordForm'
import { validateResetPasswordSearch } from '~/account/reset-password-search'

export const Route = createFileRoute('/reset-password')({
  validateSearch: validateResetPasswordSearch,
  // The address carries the reset token until the page removes it: never send it on as a Referer, never cache it.
  headers: () => ({ 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' }),
  head: () => ({
    meta: [{ title: `Choose a new password · ${APP_NAME}` }, { name: 'referrer', content: 'no-referrer' }],
  }),
  component: ResetPasswordPage,
})

function ResetPasswordPage() {
  return <ResetPasswordForm search={Route.useSearch()} />
}
