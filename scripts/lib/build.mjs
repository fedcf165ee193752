/**
 * The production build for the demo and the bench: `vite build` unless .output/server/index.mjs is newer than
 * every source file that goes into it.
 */
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { startChild } from './children.mjs'

const SOURCE_DIRS = ['app', 'lib', 'convex']
const SOURCE_FILES = ['vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json']
const IGNORED = /(^|[\\/])(node_modules|\.tanstack|.*\.test\.tsx?$)/

function newestMtime(root) {
  let newest = 0
  const visit = (file) => {
    let stats
    try {
      stats = statSync(file)
    } catch {
      return
    }
    if (stats.isDirectory()) {
      for (const entry of readdirSync(file)) if (!IGNORED.test(entry)) visit(path.join(file, entry))
    } else {
      newest = Math.max(newest, stats.mtimeMs)
    }
  }
  for (const name of [...SOURCE_DIRS, ...SOURCE_FILES]) visit(path.join(root, name))
  return newest
}

/** Why a build is needed ('missing' | 'stale'), or null when .output/ is up to date. */
export function buildNeeded(root) {
  let built
  try {
    built = statSync(path.join(root, '.output', 'server', 'index.mjs')).mtimeMs
  } catch {
    return 'missing'
  }
  return newestMtime(root) > built ? 'stale' : null
}

/** `quiet` shows the build's output on failure only. */
export async function ensureBuild(root, { force = false, quiet = false } = {}) {
  const reason = force ? 'requested' : buildNeeded(root)
  if (!reason) {
    console.log('.output/ is newer than app/, lib/ and convex/: skipping `vite build`.')
    return
  }
  console.log(`Building the production app (.output/ ${reason === 'requested' ? 'rebuild requested' : reason})...`)
  const started = Date.now()
  // A production build whoever asks for it: a test runner's NODE_ENV=test (vitest, when tests/app builds first)
  // would otherwise reach Vite and the plugins, and the output would not be what `npm run build` ships.
  const { NODE_ENV: _ignored, VITEST: _vitest, TEST: _test, ...env } = process.env
  const build = startChild('build', process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: root,
    echo: !quiet,
    env: { ...env, NODE_ENV: 'production' },
  })
  const { code, signal } = await build.exited
  if (code !== 0) {
    if (quiet) console.error(build.recentOutput())
    throw new Error(`\`vite build\` failed (${code ?? signal})`)
  }
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
}
