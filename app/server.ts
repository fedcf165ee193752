/**
 * Server entry (Start picks up `app/server.ts`). Checks the environment before anything else, so a
 * misconfigured server stops at start-up with the variable named instead of failing on some later request.
 */
import { serverEnv } from '@lib/env.server'
import { createServerEntry, createStartHandler, defaultStreamHandler } from '@tanstack/react-start/server'

serverEnv()

export default createServerEntry({ fetch: createStartHandler(defaultStreamHandler) })
