import { createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { ConvexAuthProvider } from '~/components/ConvexAuthProvider'
import { SecuritySettingsPage } from '~/settings/SecuritySettingsPage'
import { requireCurrentUser } from '~/users/current-user'

export const Route = createFileRoute('/_authed/settings/security')({
  loader: async ({ context, location }) => ({ user: await requireCurrentUser(context, location) }),
  head: () => ({ meta: [{ title: `Security · ${APP_NAME}` }] }),
  // Its sections use convex/react hooks; the dashboard does without them.
  component: () => (
    <ConvexAuthProvider>
      <SecuritySettingsPage />
    </ConvexAuthProvider>
  ),
})
