/** Types for build.mjs, for the TypeScript tests that start the production build (tests/app/stack.ts). */
export function buildNeeded(root: string): 'missing' | 'stale' | null
export function ensureBuild(root: string): Promise<void>
