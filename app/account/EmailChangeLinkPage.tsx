import { EMAIL_CHANGE_UNDO_PATH, EMAIL_CHANGE_VERIFY_PATH } from '@lib/auth-routes'
import type { EmailedLinkSearch } from './emailed-link-search'
import { LinkActionPage } from './LinkActionPage'

/** Where the links of an email change land: confirming the new address, or undoing the change from the old one. */
export function EmailChangeLinkPage({ search }: { search: EmailedLinkSearch }) {
  if (search.undo) {
    return (
      <LinkActionPage
        title="Undo the email change"
        explanation="This puts your previous address back and signs out every device, in case someone else changed it. Afterwards, reset your password."
        action="Undo the change"
        path={EMAIL_CHANGE_UNDO_PATH}
        token={search.undo}
        done={({ email }) => (
          <p>
            Your address is <strong>{email}</strong> again and every device was signed out. Reset your password now if
            someone else knew it.
          </p>
        )}
      />
    )
  }
  if (search.verify) {
    return (
      <LinkActionPage
        title="Confirm your new email"
        explanation="Confirm to make this the address you sign in with."
        action="Confirm new address"
        path={EMAIL_CHANGE_VERIFY_PATH}
        token={search.verify}
        done={({ email }) => (
          <p>
            Your account now uses <strong>{email}</strong>. Sign in with it from now on.
          </p>
        )}
      />
    )
  }
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-semibold">This link is incomplete</h1>
      <p className="mt-3 text-slate-700">Open the link from the email again, all of it.</p>
    </main>
  )
}
