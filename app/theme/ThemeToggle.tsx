import { useState } from 'react'
import { Button } from '~/components/Button'
import { Icon } from '~/components/Icon'
import { monitorIcon, moonIcon, sunIcon } from '~/components/icons'
import { currentTheme } from '~/server/theme.functions'
import { themeClass, themeCookie, THEMES, type Theme } from './theme'

const LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' }
const ICONS = { system: monitorIcon, light: sunIcon, dark: moonIcon }

/** One button that steps through system, light and dark; its name (the title) says the theme in use and the next. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(currentTheme)
  const next = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length]!

  function choose() {
    const root = document.documentElement
    root.classList.remove('light', 'dark')
    const className = themeClass(next)
    if (className) root.classList.add(className)
    document.cookie = themeCookie(next, window.location.protocol === 'https:')
    setTheme(next)
  }

  return (
    <Button variant="icon" onClick={choose} title={`Theme: ${LABELS[theme]}. Switch to ${LABELS[next]}.`}>
      <Icon icon={ICONS[theme]} className="size-5" />
    </Button>
  )
}
