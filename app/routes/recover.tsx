import { createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { AccountRecoveryPage } from '~/account/AccountRecoveryPage'
import { validateEmailedLinkSearch } from '~/account/emailed-link-search'

export const Route = createFileRoute('/recover')({
  validateSearch: validateEmailedLinkSearch,
  // The address may carry a link's token: never send it on as a Referer, never cache it.
  headers: () => ({ 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' }),
  head: () => ({
    meta: [{ title: `Recover your account · ${APP_NAME}` }, { name: 'referrer', content: 'no-referrer' }],
  }),
  component: function RecoverRoute() {
    return <AccountRecoveryPage search={Route.useSearch()} />
  },
})
