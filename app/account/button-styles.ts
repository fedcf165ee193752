/** Buttons of the account sections that do not submit a form's main action (SubmitButton does that). */
export const secondaryButton =
  'inline-flex items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold text-slate-800 shadow-sm hover:bg-slate-100 aria-disabled:cursor-wait aria-disabled:opacity-70'

/** For the one action that cannot be undone. */
export const dangerButton =
  'inline-flex items-center justify-center gap-2 rounded-md bg-red-700 px-4 py-2 font-semibold text-white shadow-sm hover:bg-red-600 aria-disabled:cursor-wait aria-disabled:opacity-70'
