import { defineApp } from 'convex/server'
import resend from '@convex-dev/resend/convex.config'
import betterAuth from './betterAuth/convex.config'

const app = defineApp()
app.use(betterAuth)
app.use(resend)

export default app
