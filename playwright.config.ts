import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/support/chromium'
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } from './tests/support/oidc-client'

/**
 * Browser journeys against the production build. By default the app talks to the in-memory Convex
 * test double (tests/convex-server); set E2E_CONVEX_URL and E2E_CONVEX_SITE_URL to run the same
 * journeys against a real Convex deployment (its SITE_URL must then be E2E_APP_URL).
 */
const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3300)
const CONVEX_PORT = Number(process.env.E2E_CONVEX_PORT ?? APP_PORT + 10)
const CONVEX_SITE_PORT = CONVEX_PORT + 1
// The local OpenID provider of tests/e2e/oauth.spec.ts (tests/support/oidc-provider.ts).
const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? APP_PORT + 20)
const oidcIssuer = `http://127.0.0.1:${OIDC_PORT}`
// localhost, not 127.0.0.1: WebAuthn refuses an IP address as the relying party ID (tests/e2e/passkeys.spec.ts).
const appUrl = `http://localhost:${APP_PORT}`
const realConvex = process.env.E2E_CONVEX_URL && process.env.E2E_CONVEX_SITE_URL
const convexUrl = process.env.E2E_CONVEX_URL ?? `http://127.0.0.1:${CONVEX_PORT}`
const convexSiteUrl = process.env.E2E_CONVEX_SITE_URL ?? `http://127.0.0.1:${CONVEX_SITE_PORT}`
// Test-only secrets: the in-memory backend and the app must agree on them. A real deployment has its own.
const authProxySecret = process.env.AUTH_PROXY_SECRET ?? 'e2e-proxy-secret-0123456789abcdef0123456789'

const sharedEnv = { SITE_URL: appUrl, AUTH_PROXY_SECRET: authProxySecret }

// Tests read the development email outbox (an internal query) as the deployment's admin, the way
// `npx convex run emails:outbox` does: tests/e2e/support-email.ts. Against a real deployment, set
// E2E_CONVEX_ADMIN_KEY to its admin key. Set here, so the test workers (which load this file) see it too.
process.env.E2E_CONVEX_ADMIN_KEY ??= 'e2e-convex-admin-key-0123456789abcdef0123456789'
process.env.E2E_CONVEX_API_URL = convexUrl
process.env.E2E_CONVEX_SITE_API_URL = convexSiteUrl

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: appUrl,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    // Rate limits key on the client address (ADR 0004) and Better Auth's window restarts only after a quiet minute,
    // so journeys sharing one address add up: the whole suite signs in more than 10 times. The app below trusts
    // one proxy hop, so a browser context can be a client of its own (tests/e2e/account.spec.ts does that).
    extraHTTPHeaders: { 'x-forwarded-for': '127.0.0.1' },
  },
  webServer: [
    {
      command: 'node --import tsx tests/support/oidc-provider-main.ts',
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { OIDC_PORT: String(OIDC_PORT), SITE_URL: appUrl },
    },
    ...(realConvex
      ? []
      : [
          {
            command: 'node --import tsx tests/convex-server/main.ts',
            url: `${convexSiteUrl}/api/auth/ok`,
            reuseExistingServer: false,
            timeout: 60_000,
            env: {
              ...sharedEnv,
              CONVEX_PORT: String(CONVEX_PORT),
              CONVEX_SITE_PORT: String(CONVEX_SITE_PORT),
              BETTER_AUTH_SECRET: 'e2e-better-auth-secret-0123456789abcdef012345',
              CONVEX_ADMIN_KEY: process.env.E2E_CONVEX_ADMIN_KEY,
              // tests/e2e/recovery.spec.ts waits out a recovery: seconds here, 24 hours by default.
              RECOVERY_WAITING_PERIOD_MS: '4000',
              OIDC_ISSUER: oidcIssuer,
              OIDC_CLIENT_ID,
              OIDC_CLIENT_SECRET,
              OIDC_NAME: 'Test SSO',
            },
          },
        ]),
    {
      command: 'node .output/server/index.mjs',
      url: appUrl,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        ...sharedEnv,
        PORT: String(APP_PORT),
        HOST: '127.0.0.1',
        VITE_CONVEX_URL: convexUrl,
        VITE_CONVEX_SITE_URL: convexSiteUrl,
        TRUST_PROXY: '1',
      },
    },
  ],
})
