/**
 * A second build to compare against, for the bench: a directory holding another checkout of Gatehouse, or a git
 * ref, checked out once (`git worktree add`) under the system's temp directory with this checkout's node_modules
 * hard-linked in (symlinked where hard links cannot cross file systems), and built there when needed.
 */
import { existsSync } from 'node:fs'
import { symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { ensureBuild } from './build.mjs'
import { runCaptured } from './children.mjs'

async function git(root, args) {
  const { code, stdout, stderr } = await runCaptured('git', args, { cwd: root })
  if (code !== 0) throw new Error(`git ${args.join(' ')}: ${stderr.trim() || `exit ${code}`}`)
  return stdout.trim()
}

async function linkNodeModules(root, dir) {
  const target = path.join(dir, 'node_modules')
  if (existsSync(target)) return
  const { code } = await runCaptured('cp', ['-al', path.join(root, 'node_modules'), target])
  if (code !== 0) await symlink(path.join(root, 'node_modules'), target, 'dir')
}

/** The baseline's directory, built; `spec` is a directory or anything `git rev-parse` accepts. */
export async function prepareBaseline(root, spec, { quiet = true } = {}) {
  let dir
  if (existsSync(path.join(spec, 'package.json'))) {
    dir = path.resolve(spec)
  } else {
    const commit = await git(root, ['rev-parse', '--verify', '--quiet', `${spec}^{commit}`]).catch(() => {
      throw new Error(`--baseline ${spec}: neither a Gatehouse directory nor a commit of this repository`)
    })
    dir = path.join(os.tmpdir(), `gatehouse-bench-${commit.slice(0, 12)}`)
    if (!existsSync(path.join(dir, 'package.json'))) {
      console.log(`Checking out the baseline ${commit.slice(0, 12)} into ${dir}...`)
      await git(root, ['worktree', 'prune'])
      await git(root, ['worktree', 'add', '--detach', dir, commit])
    }
  }
  await linkNodeModules(root, dir)
  console.log(`Baseline: ${dir}`)
  await ensureBuild(dir, { quiet })
  return dir
}
