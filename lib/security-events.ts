/** What the security log records. The UI turns each into words; the backend only stores the type. */
export const SecurityEventType = {
  TwoFactorSetupStarted: 'two_factor_setup_started',
  TwoFactorEnabled: 'two_factor_enabled',
  TwoFactorDisabled: 'two_factor_disabled',
  BackupCodesRegenerated: 'backup_codes_regenerated',
  BackupCodeSignIn: 'backup_code_sign_in',
  TrustedDevicesForgotten: 'trusted_devices_forgotten',
} as const

export type SecurityEventType = (typeof SecurityEventType)[keyof typeof SecurityEventType]
