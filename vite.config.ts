import { fileURLToPath } from 'node:url'
import tailwindcss from '@tailwindcss/vite'
import { tanstackStart } from '@tanstack/react-start/plugin/vite'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url))

const FRAMEWORK_MODULES =
  /node_modules[\\/](react|react-dom|scheduler|@tanstack|seroval|seroval-plugins|use-sync-external-store|cookie-es)[\\/]/
// Modules of a few hundred bytes that most pages share: as chunks of their own each would cost a request (and a
// round trip, once the browser's six connections are busy) on every signed-in first load.
const SMALL_SHARED_MODULES = /[\\/](lib[\\/]policy|app[\\/]auth[\\/]use-session-store)\.ts$/

export default defineConfig({
  resolve: {
    // Mirrors the `paths` in tsconfig.json; anchored so packages whose names start with `~` or `@lib` are untouched.
    alias: [
      { find: /^~\//, replacement: fromRoot('./app/') },
      { find: /^@lib\//, replacement: fromRoot('./lib/') },
    ],
  },
  // Vite's CORS middleware sets headers before Start answers, and Node then keeps only the last Set-Cookie
  // of an auth response: sign-in under `vite dev` lost its session cookie. The app is same-origin anyway.
  server: { cors: false },
  plugins: [tanstackStart({ srcDirectory: 'app' }), react(), tailwindcss()],
  environments: {
    client: {
      build: {
        rolldownOptions: {
          output: {
            codeSplitting: {
              // Every page needs the framework. Left to itself the bundler spreads it over eight small shared
              // chunks; as one file it compresses better (about 3 kB gzip less) and costs fewer requests.
              // Convex and Better Auth stay out of it: only signed-in pages and auth forms load them.
              groups: [{ name: 'framework', test: (id) => FRAMEWORK_MODULES.test(id) || SMALL_SHARED_MODULES.test(id) }],
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
