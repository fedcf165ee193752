import { describe, expect, it, vi } from 'vitest'
import { onDemand } from './on-demand'

describe('onDemand', () => {
  it('loads once, shares the attempt and keeps the value', async () => {
    const load = vi.fn(async () => 'module')
    const lazy = onDemand(load)
    expect(lazy.current).toBeUndefined()
    await expect(Promise.all([lazy.load(), lazy.load()])).resolves.toEqual(['module', 'module'])
    expect(lazy.current).toBe('module')
    await lazy.load()
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('tries again after a failed load', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('chunk failed')).mockResolvedValueOnce('module')
    const lazy = onDemand(load)
    await expect(lazy.load()).rejects.toThrow('chunk failed')
    expect(lazy.current).toBeUndefined()
    await expect(lazy.load()).resolves.toBe('module')
    expect(load).toHaveBeenCalledTimes(2)
  })
})
