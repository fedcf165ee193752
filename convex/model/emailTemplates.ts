/** The words of every email Gatehouse sends. Plain text: it renders everywhere and hides no links. */
import type { EmailMessage } from './email'
import { APP_NAME } from '../../lib/app-config'
import { SecurityEventType } from '../../lib/security-events'
import { describeUserAgent } from '../../lib/user-agent'
import {
  BACKUP_CODES_LOW_COUNT,
  EMAIL_VERIFICATION_TOKEN_TTL_S,
  PASSWORD_RESET_TOKEN_TTL_S,
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

const NOTIFICATIONS: Partial<Record<SecurityEventType, { subject: string; happened: string }>> = {
  [SecurityEventType.TwoFactorEnabled]: { subject: 'Two-factor authentication turned on', happened: 'Two-factor authentication was turned on for your account.' },
  [SecurityEventType.TwoFactorDisabled]: { subject: 'Two-factor authentication turned off', happened: 'Two-factor authentication was turned off for your account.' },
  [SecurityEventType.TwoFactorReplaced]: { subject: 'Your authenticator app was replaced', happened: 'The authenticator app of your account was replaced, and new backup codes were created; the old app and the old codes no longer work.' },
  [SecurityEventType.BackupCodesViewed]: { subject: 'Your backup codes were viewed', happened: 'Your backup codes were viewed after your password was entered again.' },
  [SecurityEventType.BackupCodesLow]: { subject: 'You are running out of backup codes', happened: `Your account has ${BACKUP_CODES_LOW_COUNT} or fewer unused backup codes left. Create new ones in your security settings before you run out.` },
  [SecurityEventType.BackupCodesRegenerated]: { subject: 'New backup codes created', happened: 'New backup codes were created for your account; the old ones no longer work.' },
  [SecurityEventType.PasswordChanged]: { subject: 'Your password was changed', happened: 'The password of your account was changed.' },
  [SecurityEventType.PasswordReset]: { subject: 'Your password was reset', happened: 'The password of your account was reset and every session was signed out.' },
  [SecurityEventType.NewDeviceSignIn]: { subject: 'New sign-in to your account', happened: 'Your account was signed in to from a device it had not used before.' },
  [SecurityEventType.SignInLocked]: {
    subject: 'Sign-in paused after many wrong passwords',
    happened: 'Someone entered many wrong passwords for your account, so sign-in from new devices is paused for a while. Devices you signed in with before still work.',
  },
  [SecurityEventType.TwoFactorLocked]: {
    subject: 'Two-factor sign-in locked after many wrong codes',
    happened: `Someone who knows your password entered many wrong two-factor codes, so two-factor sign-in is locked for ${TWO_FACTOR_LOCKOUT_DURATION_S / 60} minutes. If this was not you, change your password now.`,
  },
  [SecurityEventType.SignInMethodLinked]: { subject: 'A sign-in provider was linked', happened: 'A sign-in provider (GitHub, Google or single sign-on) was linked to your account: it can now sign you in.' },
  [SecurityEventType.SignInMethodUnlinked]: { subject: 'A sign-in provider was unlinked', happened: 'A sign-in provider was unlinked from your account: it no longer signs you in.' },
}

export function securityNotification(
  to: string,
  type: SecurityEventType,
  details: { ipAddress?: string; userAgent?: string },
): EmailMessage | null {
  const notification = NOTIFICATIONS[type]
  if (!notification) return null
  const where = [details.userAgent && `Device: ${describeUserAgent(details.userAgent)}`, details.ipAddress && `IP address: ${details.ipAddress}`]
    .filter(Boolean)
    .join('\n')
  return {
    to,
    subject: `${APP_NAME}: ${notification.subject}`,
    text: `${notification.happened}\n\n${where ? `${where}\n\n` : ''}${notYou}${signature}`,
  }
}
