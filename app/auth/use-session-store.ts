import { useRouter } from '@tanstack/react-router'
import type { SessionStore } from './session-store'

export function useSessionStore(): SessionStore {
  return useRouter().options.context.session
}
