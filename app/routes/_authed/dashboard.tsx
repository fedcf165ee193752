import { createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { DashboardPage } from '~/users/DashboardPage'
import { requireCurrentUser } from '~/users/current-user'

export const Route = createFileRoute('/_authed/dashboard')({
  loader: async ({ context, location }) => ({ user: await requireCurrentUser(context, location) }),
  head: () => ({ meta: [{ title: `Dashboard · ${APP_NAME}` }] }),
  component: DashboardPage,
})
