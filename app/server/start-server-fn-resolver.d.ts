// Resolved by Start's Vite plugin at build time (VIRTUAL_MODULES.serverFnResolver); the signature of its stand-in.
declare module '#tanstack-start-server-fn-resolver' {
  export function getServerFnById(id: string, access: { origin: 'client' | 'server' }): Promise<unknown>
}
