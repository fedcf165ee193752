import { createFileRoute, notFound } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { DevMailbox } from '~/dev/DevMailbox'
import { getDevMailbox } from '~/server/dev-mailbox.functions'

export const Route = createFileRoute('/dev/mailbox')({
  loader: async () => {
    const mailbox = await getDevMailbox()
    if (!mailbox.open) throw notFound()
    return { messages: mailbox.messages }
  },
  headers: () => ({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }),
  head: () => ({ meta: [{ title: `Dev mailbox · ${APP_NAME}` }, { name: 'robots', content: 'noindex' }] }),
  component: DevMailboxPage,
})

function DevMailboxPage() {
  return <DevMailbox messages={Route.useLoaderData().messages} />
}
