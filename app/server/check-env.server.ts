/**
 * Nitro loads the Start app on its first request. This plugin runs when the server starts, so a Node server
 * with a missing or malformed variable stops right away with the variable named, not on some later request.
 */
import { serverEnv } from '~/server/env.server'
import { definePlugin } from 'nitro'

export default definePlugin(() => {
  try {
    serverEnv()
  } catch (error) {
    if (!(error instanceof Error && error.name === 'InvalidServerEnvError')) throw error
    // The message already names every bad variable; a stack trace would only bury it.
    console.error(error.message)
    if (typeof process.exit === 'function') process.exit(1)
    throw error
  }
})
