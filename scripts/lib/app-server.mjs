import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startChild } from './children.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The production build (Nitro's Node server, `.output/server/index.mjs`) pointed at a Convex deployment. `env` carries
 * what both sides must agree on (SITE_URL, AUTH_PROXY_SECRET). `root` is the checkout to serve: the bench's baseline is
 * another, built before Nitro, which it serves the way it was served then.
 */
export function startAppServer({ port, host, convexUrl, convexSiteUrl, env, echo, root = ROOT, name = 'app' }) {
  const nitroEntry = path.join(root, '.output/server/index.mjs')
  const entry = existsSync(nitroEntry) ? nitroEntry : path.join(root, 'scripts/serve.mjs')
  return startChild(name, process.execPath, [entry], {
    cwd: root,
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
