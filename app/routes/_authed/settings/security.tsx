import { createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { SecuritySettingsPage } from '~/settings/SecuritySettingsPage'
import { requireCurrentUser } from '~/users/current-user'

export const Route = createFileRoute('/_authed/settings/security')({
  loader: async ({ context, location }) => ({ user: await requireCurrentUser(context, location) }),
  head: () => ({ meta: [{ title: `Security · ${APP_NAME}` }] }),
  component: SecuritySettingsPage,
})
