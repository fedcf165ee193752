import { createElement, type SVGProps } from 'react'
import type { IconData } from './icons'

/**
 * A lucide icon drawn from its shape data (./icons.ts), decorative: give the control around it a name. lucide-react's
 * own components carry a 1.5 kB runtime (context, class merging, name conversions) that every page would load.
 */
export function Icon({ icon, ...props }: { icon: IconData } & SVGProps<SVGSVGElement>) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      {...props}
    >
      {icon.node.map(([tag, attributes]) => createElement(tag, attributes))}
    </svg>
  )
}
