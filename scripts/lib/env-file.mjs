/**
 * Just enough of the .env format for .env.local as the Convex CLI writes it:
 *   NAME=value            NAME="value"   NAME='value'   export NAME=value
 *   NAME=value # comment  (the CLI writes `CONVEX_DEPLOYMENT=dev:name # team: t, project: p`)
 * Blank lines and lines starting with # are skipped; no variable expansion, no multi-line values.
 */
import { readFileSync, writeFileSync } from 'node:fs'

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/

export function parseEnv(text) {
  const vars = {}
  for (const line of text.split(/\r?\n/)) {
    const match = LINE.exec(line)
    if (!match || line.trimStart().startsWith('#')) continue
    const [, name, raw] = match
    const quote = raw[0]
    if ((quote === '"' || quote === "'") && raw.indexOf(quote, 1) > 0) {
      const value = raw.slice(1, raw.indexOf(quote, 1))
      vars[name] = quote === '"' ? value.replace(/\\n/g, '\n') : value
    } else {
      vars[name] = raw.replace(/\s+#.*$/, '')
    }
  }
  return vars
}

/** The file's variables, or {} when it does not exist. */
export function readEnvFile(path) {
  try {
    return parseEnv(readFileSync(path, 'utf8'))
  } catch (error) {
    if (error.code === 'ENOENT') return {}
    throw error
  }
}

/** Sets NAME=value in the file (replacing an existing assignment, else appending), keeping everything else. */
export function setEnvFileVar(path, name, value, comment) {
  if (!/^[A-Za-z0-9+/=_.:-]*$/.test(value)) throw new Error(`${name}: refusing to write a value that would need quoting`)
  let text = ''
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if (error.code !== 'ENOENT') throw error
  }
  const assignment = new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=.*$`, 'm')
  if (assignment.test(text)) {
    text = text.replace(assignment, `${name}=${value}`)
  } else {
    if (text && !text.endsWith('\n')) text += '\n'
    if (text) text += '\n'
    text += `${comment ? `# ${comment}\n` : ''}${name}=${value}\n`
  }
  writeFileSync(path, text, { mode: 0o600 })
}
