/**
 * Better Auth client for the browser. No baseURL: it talks to this app's own origin, where /api/auth/*
 * is proxied to Convex (app/routes/api/auth/$.ts), so the auth cookies stay first-party.
 */
import { convexClient } from '@convex-dev/better-auth/client/plugins'
import { passkeyClient } from '@better-auth/passkey/client'
import { twoFactorClient } from 'better-auth/client/plugins'
import { createAuthClient } from 'better-auth/react'

export const authClient = createAuthClient({
  plugins: [convexClient(), twoFactorClient(), passkeyClient()],
})
