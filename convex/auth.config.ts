import type { AuthConfig } from 'convex/server'
import { getAuthConfigProvider } from '@convex-dev/better-auth/auth-config'

// Convex verifies the RS256 JWTs that Better Auth's convex plugin issues, against its JWKS route.
export default {
  providers: [getAuthConfigProvider()],
} satisfies AuthConfig
