/**
 * Regenerates convex/betterAuth/generatedSchema.ts from our Better Auth options, with the pinned better-auth
 * version: the same call the Better Auth CLI (`auth generate`) makes on the Convex adapter, without
 * the CLI's own copy of better-auth. Run after a Better Auth upgrade or a plugin change:
 *   npm run generate:auth-schema
 * See docs/decisions/0001-local-better-auth-component.md.
 */
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createAuthOptions } from '../convex/auth'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const output = 'convex/betterAuth/generatedSchema.ts'

// The schema only depends on the options' shape, never on a live context.
const options = createAuthOptions({} as never)
const adapter = options.database(options)
if (!adapter.createSchema) throw new Error('The Convex adapter no longer offers createSchema; see the ADR.')
const { code } = await adapter.createSchema(options, output)
if (!code) throw new Error('The Convex adapter produced no schema.')
// The adapter's header names the CLI; point readers at the script that really made the file.
writeFileSync(join(root, output), code.replace(/npx auth generate --output \S+/, 'npm run generate:auth-schema'))
console.log(`wrote ${output}`)
