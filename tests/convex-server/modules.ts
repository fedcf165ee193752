import { readdirSync } from 'node:fs'
import { join, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export type FunctionKind = 'query' | 'mutation' | 'action'
type Module = Record<string, unknown>
/** The shape convex-test expects (Vite's `import.meta.glob`): file path -> lazy import. */
export type ModuleMap = Record<string, () => Promise<Module>>

export const CONVEX_DIR = fileURLToPath(new URL('../../convex/', import.meta.url))
/** The Better Auth component is installed locally and runs as its own convex-test component. */
export const COMPONENT_NAME = 'betterAuth'

function isModuleFile(file: string): boolean {
  return /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts') && !/\.test\.(ts|js)$/.test(file)
}

export function loadConvexModules(dir = CONVEX_DIR) {
  const componentDir = join(dir, COMPONENT_NAME) + sep
  const app: ModuleMap = {}
  const component: ModuleMap = {}
  for (const relative of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = join(dir, relative)
    if (!isModuleFile(file)) continue
    const isGenerated = relative.split(sep).includes('_generated')
    const inComponent = file.startsWith(componentDir)
    // The app's generated code is JavaScript, the component's is TypeScript.
    if (isGenerated && !file.endsWith(inComponent ? '.ts' : '.js')) continue
    ;(inComponent ? component : app)[file] = () => import(pathToFileURL(file).href)
  }

  const load = (file: string) => {
    const loader = app[join(dir, file)] ?? component[join(dir, file)]
    if (!loader) throw new Error(`convex/${file} not found`)
    return loader()
  }

  /**
   * The kind of the function at `module:export`, or null when there is none a caller may run: users reach public
   * functions only; the deployment's admin also internal ones. Helpers and the component's functions (not in the
   * app map) are never callable.
   */
  async function functionKind(udfPath: string, role: 'user' | 'admin' = 'user'): Promise<FunctionKind | null> {
    const [modulePath = '', exportName = 'default'] = udfPath.split(':')
    const loader = app[join(dir, `${modulePath}.ts`)] ?? app[join(dir, `${modulePath}.js`)]
    const fn = loader && (await loader())[exportName]
    if (typeof fn !== 'function') return null
    const flags = fn as {
      isPublic?: boolean
      isInternal?: boolean
      isQuery?: boolean
      isMutation?: boolean
      isAction?: boolean
    }
    if (flags.isPublic !== true && !(role === 'admin' && flags.isInternal === true)) return null
    return flags.isQuery ? 'query' : flags.isMutation ? 'mutation' : flags.isAction ? 'action' : null
  }

  return { app, component, load, functionKind }
}

export type ConvexModules = ReturnType<typeof loadConvexModules>
