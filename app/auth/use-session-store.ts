import { useRouter } from '@tanstack/react-router'
import type { SessionStore } from './session-store'

/** The router's session store, for components that sign people in or out. */
export function useSessionStore(): SessionStore {
  return useRouter().options.context.session
}
