import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startChild } from './children.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The production build (`scripts/serve.mjs`) pointed at a Convex deployment. `env` carries what both sides
 * must agree on (SITE_URL, AUTH_PROXY_SECRET). `root` is the checkout to serve (the bench's baseline is another).
 */
export function startAppServer({ port, host, convexUrl, convexSiteUrl, env, echo, root = ROOT, name = 'app' }) {
  return startChild(name, process.execPath, [path.join(root, 'scripts/serve.mjs')], {
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
