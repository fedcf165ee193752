import { createFileRoute } from '@tanstack/react-router'
import { requireSignedIn } from '~/auth/guards'

/** Layout for pages that need a signed-in visitor; a server render of a signed-out request answers 307. */
export const Route = createFileRoute('/_authed')({
  beforeLoad: ({ context, location }) => requireSignedIn(context.auth, location),
})
