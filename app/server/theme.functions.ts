import { createIsomorphicFn } from '@tanstack/react-start'
import { readThemeFromRequest } from './theme.server'
import { parseTheme, type Theme } from '~/theme/theme'

/**
 * The theme to render: on the server from the request's cookie; in the browser from <html>, which the server
 * rendered with that cookie and the toggle keeps current, so hydration renders the same.
 */
export const currentTheme = createIsomorphicFn()
  .server(readThemeFromRequest)
  .client((): Theme => {
    const { classList } = document.documentElement
    return parseTheme(classList.contains('dark') ? 'dark' : classList.contains('light') ? 'light' : null)
  })
