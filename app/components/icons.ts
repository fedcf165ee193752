/**
 * The lucide icons the app uses, as shape data for Icon.tsx. Every lucide-react icon module exports its data as
 * `__iconData` beside the component; vite.config.ts marks `createLucideIcon` pure so the unused component (and
 * lucide's runtime) drop out of the bundle. A lucide upgrade that renames the export fails the build (MISSING_EXPORT).
 */
export type IconData = { node: ReadonlyArray<readonly [string, Record<string, string>]> }

export { __iconData as checkIcon } from 'lucide-react/icons/check'
export { __iconData as copyIcon } from 'lucide-react/icons/copy'
export { __iconData as laptopIcon } from 'lucide-react/icons/laptop'
export { __iconData as logOutIcon } from 'lucide-react/icons/log-out'
export { __iconData as monitorIcon } from 'lucide-react/icons/monitor'
export { __iconData as moonIcon } from 'lucide-react/icons/moon'
export { __iconData as shieldCheckIcon } from 'lucide-react/icons/shield-check'
export { __iconData as shieldOffIcon } from 'lucide-react/icons/shield-off'
export { __iconData as smartphoneIcon } from 'lucide-react/icons/smartphone'
export { __iconData as sunIcon } from 'lucide-react/icons/sun'
