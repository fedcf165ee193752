import { createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { EmailChangeLinkPage } from '~/account/EmailChangeLinkPage'
import { validateEmailedLinkSearch } from '~/account/emailed-link-search'

export const Route = createFileRoute('/email-change')({
  validateSearch: validateEmailedLinkSearch,
  // The address carries the link's token: never send it on as a Referer, never cache it.
  headers: () => ({ 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' }),
  head: () => ({ meta: [{ title: `Email change · ${APP_NAME}` }, { name: 'referrer', content: 'no-referrer' }] }),
  component: function EmailChangeRoute() {
    return <EmailChangeLinkPage search={Route.useSearch()} />
  },
})
