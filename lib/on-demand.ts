/**
 * A module (or anything async) fetched the first time it is needed and then kept. Concurrent callers share one
 * attempt; a failed attempt is forgotten so the next call tries again instead of failing forever.
 */
export function onDemand<T>(load: () => Promise<T>) {
  let value: T | undefined
  let pending: Promise<T> | undefined
  return {
    load(): Promise<T> {
      pending ??= load().then(
        (loaded) => (value = loaded),
        (error: unknown) => {
          pending = undefined
          throw error
        },
      )
      return pending
    },
    get current(): T | undefined {
      return value
    },
  }
}
