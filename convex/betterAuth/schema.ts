import { defineSchema } from 'convex/server'
import { tables } from './generatedSchema'

// The generated tables, plus indexes for our own queries: regenerating never overwrites these.
const schema = defineSchema({
  ...tables,
  // Trusted-device records and account deletion look verification rows up by the user id they hold.
  verification: tables.verification.index('value', ['value']),
  // A passkey sign-in finds the passkey by the credential the browser presents.
  passkey: tables.passkey.index('credentialID', ['credentialID']),
})

export default schema
