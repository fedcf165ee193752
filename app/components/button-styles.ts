/** Buttons that do not submit a form's main action (SubmitButton in form.tsx does that). */
export const primaryButton =
  'inline-flex items-center justify-center gap-2 rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white shadow-sm hover:bg-indigo-500'

export const secondaryButton =
  'inline-flex items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold text-slate-800 shadow-sm hover:bg-slate-100 aria-disabled:cursor-wait aria-disabled:opacity-70'

/** Turns something off (two-factor): serious, but it can be turned on again. */
export const dangerOutlineButton =
  'inline-flex items-center justify-center gap-2 rounded-md border border-red-300 bg-white px-3 py-2 text-sm font-semibold text-red-700 shadow-sm hover:bg-red-50'

/** For the one action that cannot be undone. */
export const dangerButton =
  'inline-flex items-center justify-center gap-2 rounded-md bg-red-700 px-4 py-2 font-semibold text-white shadow-sm hover:bg-red-600 aria-disabled:cursor-wait aria-disabled:opacity-70'

export const textButton = 'font-semibold text-indigo-700 underline hover:text-indigo-600'
