import { getCookie } from '@tanstack/react-start/server'
import { parseTheme, THEME_COOKIE, type Theme } from '~/theme/theme'

export function readThemeFromRequest(): Theme {
  return parseTheme(getCookie(THEME_COOKIE))
}
