/** The words of every email Gatehouse sends. Plain text: it renders everywhere and hides no links. */
import type { EmailMessage } from './email'
import { APP_NAME } from '../../lib/app-config'
import { SecurityEventType } from '../../lib/security-events'
import { describeUserAgent } from '../../lib/user-agent'
import {
  BACKUP_CODES_LOW_COUNT,
  EMAIL_CHANGE_TOKEN_TTL_MS,
  EMAIL_CHANGE_UNDO_MS,
  EMAIL_VERIFICATION_TOKEN_TTL_S,
  PASSWORD_RESET_TOKEN_TTL_S,
  RECOVERY_LINK_TTL_MS,
  TWO_FACTOR_LOCKOUT_DURATION_S,
} from '../../lib/policy'

const signature = `\n\n— ${APP_NAME}`
const notYou = `If this was not you, reset your password now and review your security settings.`

export function verifyEmailMessage(to: string, url: string): EmailMessage {
  return {
    to,
    subject: `Verify your email for ${APP_NAME}`,
    text: `Confirm this address by opening the link below. It works for ${EMAIL_VERIFICATION_TOKEN_TTL_S / 3600} hours.\n\n${url}${signature}`,
  }
}

export function resetPasswordMessage(to: string, url: string): EmailMessage {
  return {
    to,
    subject: `Reset your ${APP_NAME} password`,
    text: `Someone asked to reset the password for this address. The link works once, for ${PASSWORD_RESET_TOKEN_TTL_S / 60} minutes.\n\n${url}\n\nIf you did not ask, ignore this email: your password stays as it is.${signature}`,
  }
}

const hours = (ms: number) => ms / 3_600_000
const minutes = (ms: number) => ms / 60_000

export function emailChangeVerifyMessage(to: string, url: string): EmailMessage {
  return {
    to,
    subject: `Confirm your new email for ${APP_NAME}`,
    text: `Someone signed in to ${APP_NAME} asked to use this address for their account. Open the link below to confirm it; it works once, for ${minutes(EMAIL_CHANGE_TOKEN_TTL_MS)} minutes.\n\n${url}\n\nIf you did not ask, ignore this email: nothing changes.${signature}`,
  }
}

/** To a new address that already has an account: the requester learns nothing, the inbox owner learns why. */
export function emailChangeTakenMessage(to: string): EmailMessage {
  return {
    to,
    subject: `Someone tried to use your email for another ${APP_NAME} account`,
    text: `Someone signed in to another ${APP_NAME} account asked to change its email to this address. This address already has an account, so nothing changed.${signature}`,
  }
}

export function emailChangedNotice(to: string, newEmail: string, undoUrl: string): EmailMessage {
  return {
    to,
    subject: `${APP_NAME}: your email address was changed`,
    text: `The email address of your ${APP_NAME} account was changed from this address to ${newEmail}.\n\nIf this was not you, undo it within ${hours(EMAIL_CHANGE_UNDO_MS)} hours with the link below: it puts this address back and signs every device out. Then reset your password.\n\n${undoUrl}${signature}`,
  }
}

export function recoveryLinkMessage(to: string, url: string): EmailMessage {
  return {
    to,
    subject: `Recover your ${APP_NAME} account`,
    text: `Someone asked to recover this account without its second factor. Open the link below and enter the password to start; it works once, for ${minutes(RECOVERY_LINK_TTL_MS)} minutes.\n\n${url}\n\nIf you did not ask, ignore this email: nothing changes.${signature}`,
  }
}

export function recoveryStartedMessage(to: string, cancelUrl: string, completesAt: number): EmailMessage {
  return {
    to,
    subject: `${APP_NAME}: recovery of your account started`,
    text: `Someone with your password started recovering your account without its second factor. At ${new Date(completesAt).toUTCString()} two-factor authentication will be removed and every device signed out.\n\nIf this was not you, cancel it now with the link below, or simply sign in with your authenticator app or a backup code, which cancels it too. Then change your password.\n\n${cancelUrl}${signature}`,
  }
}

const NOTIFICATIONS: Partial<Record<SecurityEventType, { subject: string; happened: string }>> = {
  [SecurityEventType.TwoFactorEnabled]: {
    subject: 'Two-factor authentication turned on',
    happened: 'Two-factor authentication was turned on for your account.',
  },
  [SecurityEventType.TwoFactorDisabled]: {
    subject: 'Two-factor authentication turned off',
    happened: 'Two-factor authentication was turned off for your account.',
  },
  [SecurityEventType.TwoFactorReplaced]: {
    subject: 'Your authenticator app was replaced',
    happened:
      'The authenticator app of your account was replaced, and new backup codes were created; the old app and the old codes no longer work.',
  },
  [SecurityEventType.BackupCodesViewed]: {
    subject: 'Your backup codes were viewed',
    happened: 'Your backup codes were viewed after your password was entered again.',
  },
  [SecurityEventType.BackupCodesLow]: {
    subject: 'You are running out of backup codes',
    happened: `Your account has ${BACKUP_CODES_LOW_COUNT} or fewer unused backup codes left. Create new ones in your security settings before you run out.`,
  },
  [SecurityEventType.BackupCodesRegenerated]: {
    subject: 'New backup codes created',
    happened: 'New backup codes were created for your account; the old ones no longer work.',
  },
  [SecurityEventType.PasswordChanged]: {
    subject: 'Your password was changed',
    happened: 'The password of your account was changed.',
  },
  [SecurityEventType.PasswordReset]: {
    subject: 'Your password was reset',
    happened: 'The password of your account was reset and every session was signed out.',
  },
  [SecurityEventType.NewDeviceSignIn]: {
    subject: 'New sign-in to your account',
    happened: 'Your account was signed in to from a device it had not used before.',
  },
  [SecurityEventType.EmailChangeUndone]: {
    subject: 'Email change undone',
    happened:
      'The change of your email address was undone: this address is back and every device was signed out. Reset your password now if someone else knew it.',
  },
  [SecurityEventType.RecoveryCancelled]: {
    subject: 'Account recovery cancelled',
    happened: 'The recovery of your account was cancelled; your second factor stays as it is.',
  },
  [SecurityEventType.RecoveryCompleted]: {
    subject: 'Account recovered',
    happened:
      'The waiting period of the recovery ended: two-factor authentication and trusted devices were removed and every device was signed out. Turn two-factor authentication on again after you sign in.',
  },
  [SecurityEventType.SignInLocked]: {
    subject: 'Sign-in paused after many wrong passwords',
    happened:
      'Someone entered many wrong passwords for your account, so sign-in from new devices is paused for a while. Devices you signed in with before still work.',
  },
  [SecurityEventType.PasskeyAdded]: {
    subject: 'A passkey was added to your account',
    happened: 'A passkey was added to your account. It signs in without your password or authenticator code.',
  },
  [SecurityEventType.PasskeyRemoved]: {
    subject: 'A passkey was removed from your account',
    happened: 'A passkey was removed from your account; it no longer signs in.',
  },
  [SecurityEventType.TwoFactorLocked]: {
    subject: 'Two-factor sign-in locked after many wrong codes',
    happened: `Someone who knows your password entered many wrong two-factor codes, so two-factor sign-in is locked for ${TWO_FACTOR_LOCKOUT_DURATION_S / 60} minutes. If this was not you, change your password now.`,
  },
  [SecurityEventType.SignInMethodLinked]: {
    subject: 'A sign-in provider was linked',
    happened:
      'A sign-in provider (GitHub, Google or single sign-on) was linked to your account: it can now sign you in.',
  },
  [SecurityEventType.SignInMethodUnlinked]: {
    subject: 'A sign-in provider was unlinked',
    happened: 'A sign-in provider was unlinked from your account: it no longer signs you in.',
  },
}

export function securityNotification(
  to: string,
  type: SecurityEventType,
  details: { ipAddress?: string; userAgent?: string },
): EmailMessage | null {
  const notification = NOTIFICATIONS[type]
  if (!notification) return null
  const where = [
    details.userAgent && `Device: ${describeUserAgent(details.userAgent)}`,
    details.ipAddress && `IP address: ${details.ipAddress}`,
  ]
    .filter(Boolean)
    .join('\n')
  return {
    to,
    subject: `${APP_NAME}: ${notification.subject}`,
    text: `${notification.happened}\n\n${where ? `${where}\n\n` : ''}${notYou}${signature}`,
  }
}
