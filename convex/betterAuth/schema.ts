import { defineSchema } from 'convex/server'
import { tables } from './generatedSchema'

// The generated tables, plus indexes for our own queries: regenerating never overwrites these.
const schema = defineSchema({
  ...tables,
  // Trusted-device records and account deletion look verification rows up by the user id they hold.
  verification: tables.verification.index('value', ['value']),
})

export default schema
