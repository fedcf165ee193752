import { createFileRoute } from '@tanstack/react-router'
import { APP_NAME } from '@lib/app-config'
import { ForgotPasswordForm } from '~/account/ForgotPasswordForm'

export const Route = createFileRoute('/forgot-password')({
  head: () => ({ meta: [{ title: `Reset your password · ${APP_NAME}` }] }),
  component: ForgotPasswordForm,
})
