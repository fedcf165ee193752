#!/usr/bin/env node
/**
 * Writes convex/_generated and the local component's _generated offline, byte for byte as `npx convex dev`
 * writes them: it runs the Convex CLI's own templates (node_modules/convex/dist/esm/cli/codegen_templates)
 * and formats with the same prettier call. What the CLI takes from the deployment is filled in from the code:
 * the child components (convex/convex.config.ts) and the declared env vars (none).
 *
 * One file needs the deployment: a component's `component.ts` spells out each function's argument and
 * return types from the deployment's analysis. Written by the CLI, it is kept as it is; otherwise this
 * writes an equivalent that derives the types from the component's modules. `--check` fails when a file
 * is stale. See docs/decisions/0003-offline-codegen.md.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const convexDir = join(root, 'convex')
const check = process.argv.includes('--check')

// The CLI's own templates and its own prettier (the copy `convex` resolves), so the output matches it exactly.
// Three of its templates sit in modules that import the CLI's bundled-only dependencies; they are copied
// below from node_modules/convex/src/cli/codegen_templates (component_api.ts, dataModel.ts) verbatim.
const convexPackage = join(root, 'node_modules/convex')
const cli = (file) => import(pathToFileURL(join(convexPackage, 'dist/esm/cli/codegen_templates', file)).href)
const prettier = createRequire(join(convexPackage, 'package.json'))('prettier')
const { apiComment, compareModulePaths, header } = await cli('common.js')
const { importPath, moduleIdentifier } = await cli('api.js')
const { componentServerTS } = await cli('component_server.js')
const { serverCodegen } = await cli('server.js')

const definitionPath = (dir) => relative(convexDir, dir).split(sep).join('/')
const CLI_HEADER = 'To regenerate, run `npx convex dev`.'
const ENTRY_POINT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts', '.jsx']

/** The function modules of a component directory, relative to it, as the CLI's `entryPoints` picks them. */
function entryPoints(dir, base = dir) {
  const found = []
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    const path = join(dir, entry.name)
    const relPath = relative(base, path)
    if (entry.isDirectory()) {
      if (!existsSync(join(path, 'convex.config.ts'))) found.push(...entryPoints(path, base))
      continue
    }
    if (!entry.isFile() || !ENTRY_POINT_EXTENSIONS.some((ext) => relPath.endsWith(ext))) continue
    const name = entry.name
    if (relPath.startsWith(`_generated${sep}`) || name.startsWith('.') || name.startsWith('#')) continue
    if (name === 'schema.ts' || name === 'schema.js' || (name.match(/\./g) || []).length > 1 || relPath.includes(' '))
      continue
    found.push(relPath)
  }
  return found
}

function componentApiJs() {
  const lines = []
  lines.push(header('Generated `api` utility.'))
  lines.push(`
    import { anyApi, componentsGeneric } from "convex/server";

    ${apiComment('api', undefined)}
    export const api = anyApi;
    export const internal = anyApi;
    export const components = componentsGeneric();
  `)
  return lines.join('\n')
}

/** codegenDynamicApiObjects (`ts: false`, for api.d.ts) and codegenDynamicApiObjectsTS, joined as the CLI joins them. */
function dynamicApiObjects(dir, ts) {
  const modulePaths = entryPoints(dir).sort(compareModulePaths)
  const lines = modulePaths.map(
    (modulePath) => `import type * as ${moduleIdentifier(modulePath)} from "../${importPath(modulePath)}.js";`,
  )
  lines.push(
    ts
      ? `
    import type {
      ApiFromModules,
      FilterApi,
      FunctionReference,
    } from "convex/server";
    import { anyApi, componentsGeneric } from "convex/server";

    const fullApi: ApiFromModules<{
  `
      : `
    import type {
      ApiFromModules,
      FilterApi,
      FunctionReference,
    } from "convex/server";

    declare const fullApi: ApiFromModules<{
  `,
  )
  for (const modulePath of modulePaths)
    lines.push(`  "${importPath(modulePath)}": typeof ${moduleIdentifier(modulePath)},`)
  lines.push(ts ? `}> = anyApi as any;` : `}>;`)
  lines.push(
    ts
      ? `
    ${apiComment('api', 'public')}
    export const api: FilterApi<typeof fullApi, FunctionReference<any, "public">> = anyApi as any;
    ${apiComment('internal', 'internal')}
    export const internal: FilterApi<typeof fullApi, FunctionReference<any, "internal">> = anyApi as any;
  `
      : `
    ${apiComment('api', 'public')}
    export declare const api: FilterApi<typeof fullApi, FunctionReference<any, "public">>;
    ${apiComment('internal', 'internal')}
    export declare const internal: FilterApi<typeof fullApi, FunctionReference<any, "internal">>;
  `,
  )
  return lines
}

/** componentApiDTS / componentApiTSWithTypes with the CLI's default options (dynamic API, component API imports). */
function componentApi(dir, children, ts) {
  const lines = [header('Generated `api` utility.'), ...dynamicApiObjects(dir, ts)]
  lines.push(
    ts
      ? `
  export const components = componentsGeneric() as unknown as {`
      : `
  export declare const components: {`,
  )
  for (const child of children) {
    const path = definitionPath(child.dir)
    const importFrom =
      child.importSpecifier && !child.importSpecifier.startsWith('.') && child.importSpecifier !== path
        ? child.importSpecifier
        : `../${path}`
    lines.push(`  "${child.name}": import("${importFrom}/_generated/component.js").ComponentApi<"${child.name}">,`)
  }
  lines.push('};')
  return lines.join('\n')
}

const dynamicDataModel = `
  ${header('Generated data model types.')}
  import type { DataModelFromSchemaDefinition, DocumentByName, TableNamesInDataModel, SystemTableNames } from "convex/server";
  import type { GenericId } from "convex/values";
  import schema from "../schema.js";

  /**
   * The names of all of your Convex tables.
   */
  export type TableNames = TableNamesInDataModel<DataModel>;

  /**
   * The type of a document stored in Convex.
   *
   * @typeParam TableName - A string literal type of the table name (like "users").
   */
  export type Doc<TableName extends TableNames> = DocumentByName<DataModel, TableName>;

  /**
   * An identifier for a document in Convex.
   *
   * Convex documents are uniquely identified by their \`Id\`, which is accessible
   * on the \`_id\` field. To learn more, see [Document IDs](https://docs.convex.dev/using/document-ids).
   *
   * Documents can be loaded using \`db.get(tableName, id)\` in query and mutation functions.
   *
   * IDs are just strings at runtime, but this type can be used to distinguish them from other
   * strings when type checking.
   *
   * @typeParam TableName - A string literal type of the table name (like "users").
   */
  export type Id<TableName extends TableNames | SystemTableNames> = GenericId<TableName>;

  /**
   * A type describing your Convex data model.
   *
   * This type includes information about what tables you have, the type of
   * documents stored in those tables, and the indexes defined on them.
   *
   * This type is used to parameterize methods like \`queryGeneric\` and
   * \`mutationGeneric\` to make them type-safe.
   */
  export type DataModel = DataModelFromSchemaDefinition<typeof schema>;
  `

/** The components convex.config.ts uses, as the CLI's analysis lists them: in `app.use` order. */
function childComponents(configPath) {
  const config = readFileSync(configPath, 'utf8')
  const imports = new Map()
  for (const [, identifier, specifier] of config.matchAll(
    /import\s+(\w+)\s+from\s+['"]([^'"]+\/convex\.config(?:\.[jt]s)?)['"]/g,
  )) {
    imports.set(identifier, specifier)
  }
  const requireFromConfig = createRequire(configPath)
  return [...config.matchAll(/\.use\(\s*(\w+)/g)].map(([, identifier]) => {
    const specifier = imports.get(identifier)
    if (!specifier) throw new Error(`${configPath}: cannot find the import of ${identifier}`)
    const definitionFile = specifier.startsWith('.')
      ? join(dirname(configPath), `${specifier.replace(/\.[jt]s$/, '')}.ts`)
      : requireFromConfig.resolve(specifier)
    const name = /defineComponent\(\s*["']([^"']+)["']/.exec(readFileSync(definitionFile, 'utf8'))?.[1]
    if (!name) throw new Error(`Cannot find the component name in ${definitionFile}`)
    const dir = dirname(definitionFile)
    return {
      name,
      dir,
      importSpecifier: specifier.replace(/\/convex\.config.*$/, ''),
      local: specifier.startsWith('.'),
    }
  })
}

function generate() {
  const children = childComponents(join(convexDir, 'convex.config.ts'))
  // Declared env vars would come from the deployment's analysis; convex.config.ts declares none.
  const server = serverCodegen({ useTypeScript: false, envVars: [] })
  const files = {
    'convex/_generated/dataModel.d.ts': dynamicDataModel,
    'convex/_generated/server.js': server.JS,
    'convex/_generated/server.d.ts': server.DTS,
    'convex/_generated/api.d.ts': componentApi(convexDir, children, false),
    'convex/_generated/api.js': componentApiJs(),
  }
  for (const { dir } of children.filter((child) => child.local)) {
    const at = (file) => `${relative(root, dir).split(sep).join('/')}/_generated/${file}`
    files[at('dataModel.ts')] = dynamicDataModel
    files[at('server.ts')] = componentServerTS(false, [])
    files[at('api.ts')] = componentApi(dir, childComponents(join(dir, 'convex.config.ts')), true)
    files[at('component.ts')] = { derived: derivedComponentTs(dir) }
  }
  return files
}

/** The component's API as its parent calls it, derived from its modules (the CLI spells it out instead). */
function derivedComponentTs(dir) {
  const modules = entryPoints(dir).map(importPath).sort()
  const ident = (module) => module.replace(/[/-]/g, '_')
  return `/* eslint-disable */
/**
 * Generated \`ComponentApi\` utility, derived from the component's modules by scripts/codegen.mjs.
 * \`npx convex dev\` replaces it with the same types spelled out, which this script then keeps.
 * @module
 */
${modules.map((module) => `import type * as ${ident(module)} from "../${module}.js";`).join('\n')}

import type { ApiFromModules, FunctionReference } from "convex/server";

type AsSeenByParent<T> = {
  [K in keyof T]: T[K] extends FunctionReference<infer Type, any, infer Args, infer Returns>
    ? FunctionReference<Type, "internal", Args, Returns>
    : AsSeenByParent<T[K]>;
};

export type ComponentApi<Name extends string | undefined = string | undefined> = AsSeenByParent<
  ApiFromModules<{ ${modules.map((module) => `"${module}": typeof ${ident(module)}`).join('; ')} }>
>;
`
}

const stale = []
for (const [path, source] of Object.entries(generate())) {
  const absolute = join(root, path)
  const current = existsSync(absolute) ? readFileSync(absolute, 'utf8') : null
  if (typeof source === 'object' && current?.includes(CLI_HEADER)) continue // the deployment's own version
  const content = await prettier.format(typeof source === 'object' ? source.derived : source, {
    parser: 'typescript',
    pluginSearchDirs: false,
  })
  if (current === content) continue
  if (check) {
    stale.push(path)
  } else {
    mkdirSync(dirname(absolute), { recursive: true })
    writeFileSync(absolute, content)
    console.log(`wrote ${path}`)
  }
}
if (check && stale.length > 0) {
  console.error(`convex/_generated is stale: ${stale.join(', ')}.\nRun \`npm run codegen\` and commit the result.`)
  process.exit(1)
}
if (check) console.log('convex/_generated is up to date.')
