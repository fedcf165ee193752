/** What the security log records. The UI turns each into words; the backend only stores the type. */
export const SecurityEventType = {
  TwoFactorSetupStarted: 'two_factor_setup_started',
  TwoFactorEnabled: 'two_factor_enabled',
  TwoFactorDisabled: 'two_factor_disabled',
  TwoFactorReplaced: 'two_factor_replaced',
  BackupCodesRegenerated: 'backup_codes_regenerated',
  BackupCodeSignIn: 'backup_code_sign_in',
  BackupCodesViewed: 'backup_codes_viewed',
  BackupCodesLow: 'backup_codes_low',
  TrustedDevicesForgotten: 'trusted_devices_forgotten',
  PasswordChanged: 'password_changed',
  PasswordReset: 'password_reset',
  NewDeviceSignIn: 'new_device_sign_in',
  FailedSignIns: 'failed_sign_ins',
  SignInLocked: 'sign_in_locked',
  TwoFactorLocked: 'two_factor_locked',
  SessionRevoked: 'session_revoked',
  OtherSessionsRevoked: 'other_sessions_revoked',
  SignInMethodLinked: 'sign_in_method_linked',
  SignInMethodUnlinked: 'sign_in_method_unlinked',
} as const

export type SecurityEventType = (typeof SecurityEventType)[keyof typeof SecurityEventType]

/** Events the account owner is also told about by email, in case it was not them. */
export const NOTIFIED_SECURITY_EVENTS: ReadonlySet<SecurityEventType> = new Set([
  SecurityEventType.TwoFactorEnabled,
  SecurityEventType.TwoFactorDisabled,
  SecurityEventType.TwoFactorReplaced,
  SecurityEventType.BackupCodesRegenerated,
  SecurityEventType.BackupCodesViewed,
  SecurityEventType.BackupCodesLow,
  SecurityEventType.PasswordChanged,
  SecurityEventType.PasswordReset,
  SecurityEventType.NewDeviceSignIn,
  SecurityEventType.SignInLocked,
  SecurityEventType.TwoFactorLocked,
  SecurityEventType.SignInMethodLinked,
  SecurityEventType.SignInMethodUnlinked,
])
