import convexPlugin from '@convex-dev/eslint-plugin'
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

// Start's import protection refuses these in the browser bundle; outside app/server/ they are refused here too,
// so every server-only import is visible in one folder. app/server/*.functions.ts is the door to them.
const SERVER_ONLY_IMPORTS = {
  patterns: [
    { group: ['**/*.server', '**/*.server.ts'], message: 'Server-only: call it through app/server/*.functions.ts.' },
    { group: ['@tanstack/react-start/server'], message: 'Server-only: use it in app/server/ only.' },
  ],
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.output/',
      '.vercel/',
      '.netlify/',
      'test-results/',
      'playwright-report/',
      '**/_generated/',
      'convex/betterAuth/generatedSchema.ts',
      'app/routeTree.gen.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  reactHooks.configs.flat['recommended-latest'],
  ...convexPlugin.configs.recommended,
  {
    // Type information lets the Convex rules see which table an id belongs to (explicit-table-ids).
    files: ['convex/**/*.ts'],
    languageOptions: { parserOptions: { project: './convex/tsconfig.json', tsconfigRootDir: import.meta.dirname } },
  },
  {
    // The one module that reads the deployment's environment: it names a missing or weak variable in its error.
    // (Convex's typed `env` declarations come from a deployment's codegen, which the offline generator cannot.)
    files: ['convex/lib/env.ts'],
    rules: { '@convex-dev/no-process-env': 'off' },
  },
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        Request: 'readonly',
        Response: 'readonly',
        Headers: 'readonly',
        fetch: 'readonly',
        crypto: 'readonly',
        TextEncoder: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        Blob: 'readonly',
        btoa: 'readonly',
        atob: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Tests read JSON bodies of many shapes; product code keeps strict types.
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-globals': ['error', { name: 'alert', message: 'Show errors inline, never with alert().' }],
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'lib/**/*.ts'],
    ignores: ['app/server/**', 'app/routes/api/**'],
    rules: { 'no-restricted-imports': ['error', SERVER_ONLY_IMPORTS] },
  },
)
