import { defineComponent } from 'convex/server'

// A local install of the Better Auth component: we own its schema (see docs/decisions/0001).
const component = defineComponent('betterAuth')

export default component
