import { TRUSTED_DEVICE_MAX_AGE_S } from '@lib/policy'

const DAY_S = 24 * 60 * 60

/** How long "Trust this device" lasts, in the days the wording uses. */
export const trustedDeviceDays = Math.round(TRUSTED_DEVICE_MAX_AGE_S / DAY_S)
