import { cronJobs } from 'convex/server'
import { internal } from './_generated/api'

const crons = cronJobs()

crons.daily(
  'delete security events past their retention',
  { hourUTC: 3, minuteUTC: 17 },
  internal.securityEvents.deleteExpired,
  {},
)

crons.hourly(
  'delete password-guessing counters that no longer count',
  { minuteUTC: 41 },
  internal.devices.deleteStaleGuards,
  {},
)

export default crons
