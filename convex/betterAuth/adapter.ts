import { createApi } from '@convex-dev/better-auth'
import schema from './schema'
import { createAuthOptions } from '../auth'

// Annotated on purpose: inferring this from createAuthOptions would make the component's API type depend
// on every app module (through `internal`), a cycle TypeScript cannot resolve. The API depends on the schema only.
const authOptions: Parameters<typeof createApi>[1] = createAuthOptions

export const { create, findOne, findMany, updateOne, updateMany, deleteOne, deleteMany } = createApi(
  schema,
  authOptions,
)
