/**
 * Tokens of the emailed links Gatehouse makes itself (email change, recovery). Made and hashed in the HTTP action
 * (queries and mutations have no key generation); only the SHA-256 is stored, so a database read gives no link.
 */
import { APIError } from 'better-auth/api'
import * as z from 'zod'
import { readAuthEnv } from '../lib/env'
import { ErrorCode } from '../../lib/error-codes'

const TOKEN_BYTES = 32

export const linkTokenField = z.string().min(1).max(128)

export function newLinkToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(TOKEN_BYTES))
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

export async function hashLinkToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** A fresh token and its hash, for a mutation to store the hash and email the token. */
export async function mintLinkToken() {
  const token = newLinkToken()
  return { token, tokenHash: await hashLinkToken(token) }
}

/** The app page an emailed link opens, with its token in `param`. */
export function appLink(pagePath: string, param: string, token: string): string {
  const url = new URL(pagePath, readAuthEnv().siteUrl)
  url.searchParams.set(param, token)
  return url.toString()
}

export type LinkOutcome<T = object> = ({ ok: true } & T) | { ok: false; code: LinkFailure }
export type LinkFailure =
  | typeof ErrorCode.LinkInvalid
  | typeof ErrorCode.LinkExpired
  | typeof ErrorCode.LinkUsed
  | typeof ErrorCode.EmailTaken
  | typeof ErrorCode.TooManyEmails

const FAILURES: Record<
  LinkFailure,
  { status: 'BAD_REQUEST' | 'GONE' | 'CONFLICT' | 'TOO_MANY_REQUESTS'; message: string }
> = {
  [ErrorCode.LinkInvalid]: {
    status: 'BAD_REQUEST',
    message: 'This link is not valid. Use the newest link you were emailed.',
  },
  [ErrorCode.LinkExpired]: { status: 'GONE', message: 'This link has expired.' },
  [ErrorCode.LinkUsed]: { status: 'GONE', message: 'This link was already used.' },
  [ErrorCode.EmailTaken]: { status: 'CONFLICT', message: 'This address now belongs to another account.' },
  [ErrorCode.TooManyEmails]: {
    status: 'TOO_MANY_REQUESTS',
    message: 'Too many emails were sent for this account. Try again in an hour.',
  },
}

/** The mutation's verdict as Better Auth's answer: success passes through, a refusal becomes its specific error. */
export function requireLinkOk<T>(outcome: LinkOutcome<T>): { ok: true } & T {
  if (outcome.ok) return outcome
  const failure = FAILURES[outcome.code]
  throw new APIError(failure.status, { code: outcome.code, message: failure.message })
}
