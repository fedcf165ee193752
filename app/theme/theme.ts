import { THEME_COOKIE_MAX_AGE_S } from '@lib/policy'

export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

export const THEME_COOKIE = 'theme'

export function parseTheme(value: string | null | undefined): Theme {
  return value === 'light' || value === 'dark' ? value : 'system'
}

/** The class on <html>: none follows the system (app/styles/app.css). */
export function themeClass(theme: Theme): string | undefined {
  return theme === 'system' ? undefined : theme
}

/** Remembers the choice for the next server render; 'system' forgets it. */
export function themeCookie(theme: Theme, secure: boolean): string {
  const lifetime = theme === 'system' ? 'Max-Age=0' : `Max-Age=${THEME_COOKIE_MAX_AGE_S}`
  return `${THEME_COOKIE}=${theme}; Path=/; ${lifetime}; SameSite=Lax${secure ? '; Secure' : ''}`
}
