import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startChild } from './children.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The production build (Nitro's Node server, `.output/server/index.mjs`) pointed at a Convex deployment. `env` carries what both sides
 * must agree on (SITE_URL, AUTH_PROXY_SECRET).
 */
export function startAppServer({ port, host, convexUrl, convexSiteUrl, env, echo }) {
  return startChild('app', process.execPath, [path.join(ROOT, '.output/server/index.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: host,
      VITE_CONVEX_URL: convexUrl,
      VITE_CONVEX_SITE_URL: convexSiteUrl,
    },
    echo,
  })
}
