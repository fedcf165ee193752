import tailwindcss from '@tailwindcss/vite'
import { tanstackStart } from '@tanstack/react-start/plugin/vite'
import react from '@vitejs/plugin-react'
import { nitro } from 'nitro/vite'
import { defineConfig } from 'vite'

const FRAMEWORK_MODULES =
  /node_modules[\\/](react|react-dom|scheduler|@tanstack|seroval|seroval-plugins|use-sync-external-store|cookie-es)[\\/]/
// Modules of a few hundred bytes that most pages share: as chunks of their own each would cost a request (and a
// round trip, once the browser's six connections are busy) on every signed-in first load.
const SMALL_SHARED_MODULES =
  /[\\/](lib[\\/]policy|app[\\/]auth[\\/](use-session-store|auth-client-loader)|app[\\/]components[\\/](form|use-form-alert|Button))\.tsx?$/

const SILENT_SERVER_WARNINGS = new Set([
  'MODULE_LEVEL_DIRECTIVE',
  'EVAL',
  'CIRCULAR_DEPENDENCY',
  'THIS_IS_UNDEFINED',
  'EMPTY_BUNDLE',
])

export default defineConfig({
  // The `~/` and `@lib/` aliases come from tsconfig.json's `paths`, their one source.
  resolve: { tsconfigPaths: true },
  // Vite's CORS middleware sets headers before Start answers, and Node then keeps only the last Set-Cookie
  // of an auth response: sign-in under `vite dev` lost its session cookie. The app is same-origin anyway.
  server: { cors: false },
  plugins: [
    tanstackStart({ srcDirectory: 'app', server: { entry: 'server/entry.server.ts' } }),
    // The deploy target: Node (`.output/server/index.mjs`) unless NITRO_PRESET names another (vercel, netlify).
    // Static files are pre-compressed; Nitro itself marks /assets/** immutable (hashed names never go stale).
    nitro({
      compressPublicAssets: { gzip: true, brotli: true },
      plugins: ['./app/server/check-env.server.ts'],
      routeRules: {
        '/assets/**': { headers: { 'x-content-type-options': 'nosniff' } },
        // Chromium fetches the favicon again on every client navigation: from its cache, for a day.
        '/favicon.svg': { headers: { 'cache-control': 'public, max-age=86400' } },
      },
      rolldownConfig: {
        // "use client" means nothing in the server bundle. Setting onwarn replaces Nitro's filter, so it repeats it.
        onwarn(warning, warn) {
          if (!SILENT_SERVER_WARNINGS.has(warning.code ?? '')) warn(warning)
        },
      },
    }),
    react(),
    tailwindcss(),
  ],
  environments: {
    client: {
      build: {
        rolldownOptions: {
          // Keeps only the shape data of the lucide icons app/components/icons.ts names, not their components.
          treeshake: { manualPureFunctions: ['createLucideIcon'] },
          output: {
            // Names are only a hash: every page's JS lists the chunks it may load, and names would add a kB to each.
            entryFileNames: 'assets/[hash].js',
            chunkFileNames: 'assets/[hash].js',
            codeSplitting: {
              // Every page needs the framework. Left to itself the bundler spreads it over eight small shared
              // chunks; as one file it compresses better (about 3 kB gzip less) and costs fewer requests.
              // Convex and Better Auth stay out of it: only signed-in pages and auth forms load them.
              groups: [
                { name: 'framework', test: (id) => FRAMEWORK_MODULES.test(id) || SMALL_SHARED_MODULES.test(id) },
              ],
            },
          },
        },
      },
    },
  },
  ssr: {
    // Its react-start helpers import `@tanstack/react-start/server`; bundled, they share the app's copy and so
    // its per-request storage (getRequestHeaders). Left external they would load a second copy with no request.
    noExternal: ['@convex-dev/better-auth'],
  },
})
