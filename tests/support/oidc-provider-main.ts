/**
 * `node --import tsx tests/support/oidc-provider-main.ts`: the local OpenID provider as a process, for the browser
 * journeys and `npm run demo -- --oidc`. OIDC_PORT is its port; SITE_URL the app whose callbacks it accepts.
 */
import { OIDC_PROVIDER_ID } from '../../lib/oauth-providers'
import { OIDC_CLIENT_ID, startOidcProvider } from './oidc-provider'

const port = Number(process.env.OIDC_PORT)
const siteUrl = process.env.SITE_URL
if (!Number.isInteger(port) || port <= 0 || !siteUrl) {
  console.error('Set OIDC_PORT (a port number) and SITE_URL (the app whose callbacks the provider accepts).')
  process.exit(1)
}

const provider = await startOidcProvider({
  port,
  redirectUris: [
    `${siteUrl}/api/auth/oauth2/callback/${OIDC_PROVIDER_ID}`,
    `${siteUrl}/api/auth/callback/${OIDC_PROVIDER_ID}`,
  ],
})
console.log(`  Local OpenID provider (oidc-provider, test client "${OIDC_CLIENT_ID}") at ${provider.issuer}`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void provider.stop().then(() => process.exit(0)))
}
