import { SecurityEventType } from '@lib/security-events'

/** What each logged event means, in the words the security log shows. */
export const securityEventWords: Record<SecurityEventType, string> = {
  [SecurityEventType.TwoFactorSetupStarted]: 'Two-factor setup started',
  [SecurityEventType.TwoFactorEnabled]: 'Two-factor authentication turned on',
  [SecurityEventType.TwoFactorDisabled]: 'Two-factor authentication turned off',
  [SecurityEventType.BackupCodesRegenerated]: 'New backup codes generated',
  [SecurityEventType.TwoFactorReplaced]: 'Authenticator app replaced',
  [SecurityEventType.BackupCodeSignIn]: 'Signed in with a backup code',
  [SecurityEventType.BackupCodesViewed]: 'Backup codes viewed',
  [SecurityEventType.BackupCodesLow]: 'Few backup codes left',
  [SecurityEventType.TrustedDevicesForgotten]: 'Trusted devices forgotten',
  [SecurityEventType.PasswordChanged]: 'Password changed',
  [SecurityEventType.PasswordReset]: 'Password reset by email',
  [SecurityEventType.NewDeviceSignIn]: 'Sign-in from a new device',
  [SecurityEventType.FailedSignIns]: 'Wrong password entered',
  [SecurityEventType.SignInLocked]: 'Sign-in from new devices paused after many wrong passwords',
  [SecurityEventType.TwoFactorLocked]: 'Two-factor sign-in locked after many wrong codes',
  [SecurityEventType.SessionRevoked]: 'A session was signed out',
  [SecurityEventType.OtherSessionsRevoked]: 'All other sessions were signed out',
  [SecurityEventType.SignInMethodLinked]: 'A sign-in provider was linked',
  [SecurityEventType.SignInMethodUnlinked]: 'A sign-in provider was unlinked',
}
