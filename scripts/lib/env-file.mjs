/** .env.local as the Convex CLI writes it, read with Node's own parser (util.parseEnv). */
import { readFileSync, writeFileSync } from 'node:fs'
import { parseEnv } from 'node:util'

export { parseEnv }

export function readEnvFile(path) {
  try {
    return parseEnv(readFileSync(path, 'utf8'))
  } catch (error) {
    if (error.code === 'ENOENT') return {}
    throw error
  }
}

/** Replaces an existing assignment, else appends; keeps everything else. */
export function setEnvFileVar(path, name, value, comment) {
  if (!/^[A-Za-z0-9+/=_.:-]*$/.test(value))
    throw new Error(`${name}: refusing to write a value that would need quoting`)
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
