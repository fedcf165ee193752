import { cronJobs } from 'convex/server'
import { internal } from './_generated/api'

const crons = cronJobs()

crons.daily('delete security events past their retention', { hourUTC: 3, minuteUTC: 17 }, internal.securityEvents.deleteExpired, {})

export default crons
