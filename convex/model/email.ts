/**
 * Every email leaves through sendEmail: Resend (the Convex component, which queues and retries) in
 * production, the devOutbox table on a developer's machine. Runs inside the caller's mutation, so an
 * email is queued exactly when the change it reports commits.
 */
import { Resend } from '@convex-dev/resend'
import { components } from '../_generated/api'
import type { MutationCtx } from '../_generated/server'
import { readEmailDelivery, resendTestMode } from '../lib/env'

export type EmailMessage = { to: string; subject: string; text: string }

const resend = new Resend(components.resend, { testMode: resendTestMode() })

export async function sendEmail(ctx: MutationCtx, message: EmailMessage) {
  const delivery = readEmailDelivery()
  if (delivery.kind === 'resend') {
    await resend.sendEmail(ctx, { from: delivery.from, to: message.to, subject: message.subject, text: message.text })
    return
  }
  await ctx.db.insert('devOutbox', message)
}
