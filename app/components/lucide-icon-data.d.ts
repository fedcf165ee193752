// lucide-react's icon modules (all typed by this one file) also export their shape data; see ./icons.ts.
import type { IconData } from './icons'

declare module 'lucide-react/icons/sun' {
  export const __iconData: IconData
}
