/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type * as auth from "../auth.js";
import type * as crons from "../crons.js";
import type * as devices from "../devices.js";
import type * as emailChanges from "../emailChanges.js";
import type * as emails from "../emails.js";
import type * as http from "../http.js";
import type * as lib_cleanup from "../lib/cleanup.js";
import type * as lib_env from "../lib/env.js";
import type * as lib_functions from "../lib/functions.js";
import type * as lib_inputLimits from "../lib/inputLimits.js";
import type * as lib_paging from "../lib/paging.js";
import type * as linkedAccounts from "../linkedAccounts.js";
import type * as model_accountEmails from "../model/accountEmails.js";
import type * as model_accountRecovery from "../model/accountRecovery.js";
import type * as model_accountSecurity from "../model/accountSecurity.js";
import type * as model_challengeStatus from "../model/challengeStatus.js";
import type * as model_email from "../model/email.js";
import type * as model_emailChange from "../model/emailChange.js";
import type * as model_emailTemplates from "../model/emailTemplates.js";
import type * as model_guessingProtection from "../model/guessingProtection.js";
import type * as model_hideSessionTokens from "../model/hideSessionTokens.js";
import type * as model_linkTokens from "../model/linkTokens.js";
import type * as model_oauth from "../model/oauth.js";
import type * as model_passkeys from "../model/passkeys.js";
import type * as model_passwordPolicy from "../model/passwordPolicy.js";
import type * as model_passwords from "../model/passwords.js";
import type * as model_pwnedPasswords from "../model/pwnedPasswords.js";
import type * as model_recoveries from "../model/recoveries.js";
import type * as model_requestDetails from "../model/requestDetails.js";
import type * as model_securityEvents from "../model/securityEvents.js";
import type * as model_sessions from "../model/sessions.js";
import type * as model_trustedDevices from "../model/trustedDevices.js";
import type * as model_twoFactorGuard from "../model/twoFactorGuard.js";
import type * as model_users from "../model/users.js";
import type * as passkeys from "../passkeys.js";
import type * as passwordResets from "../passwordResets.js";
import type * as rateLimits from "../rateLimits.js";
import type * as recovery from "../recovery.js";
import type * as securityEvents from "../securityEvents.js";
import type * as sessions from "../sessions.js";
import type * as twoFactor from "../twoFactor.js";
import type * as users from "../users.js";

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";

declare const fullApi: ApiFromModules<{
  auth: typeof auth;
  crons: typeof crons;
  devices: typeof devices;
  emailChanges: typeof emailChanges;
  emails: typeof emails;
  http: typeof http;
  "lib/cleanup": typeof lib_cleanup;
  "lib/env": typeof lib_env;
  "lib/functions": typeof lib_functions;
  "lib/inputLimits": typeof lib_inputLimits;
  "lib/paging": typeof lib_paging;
  linkedAccounts: typeof linkedAccounts;
  "model/accountEmails": typeof model_accountEmails;
  "model/accountRecovery": typeof model_accountRecovery;
  "model/accountSecurity": typeof model_accountSecurity;
  "model/challengeStatus": typeof model_challengeStatus;
  "model/email": typeof model_email;
  "model/emailChange": typeof model_emailChange;
  "model/emailTemplates": typeof model_emailTemplates;
  "model/guessingProtection": typeof model_guessingProtection;
  "model/hideSessionTokens": typeof model_hideSessionTokens;
  "model/linkTokens": typeof model_linkTokens;
  "model/oauth": typeof model_oauth;
  "model/passkeys": typeof model_passkeys;
  "model/passwordPolicy": typeof model_passwordPolicy;
  "model/passwords": typeof model_passwords;
  "model/pwnedPasswords": typeof model_pwnedPasswords;
  "model/recoveries": typeof model_recoveries;
  "model/requestDetails": typeof model_requestDetails;
  "model/securityEvents": typeof model_securityEvents;
  "model/sessions": typeof model_sessions;
  "model/trustedDevices": typeof model_trustedDevices;
  "model/twoFactorGuard": typeof model_twoFactorGuard;
  "model/users": typeof model_users;
  passkeys: typeof passkeys;
  passwordResets: typeof passwordResets;
  rateLimits: typeof rateLimits;
  recovery: typeof recovery;
  securityEvents: typeof securityEvents;
  sessions: typeof sessions;
  twoFactor: typeof twoFactor;
  users: typeof users;
}>;

/**
 * A utility for referencing Convex functions in your app's public API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;

/**
 * A utility for referencing Convex functions in your app's internal API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = internal.myModule.myFunction;
 * ```
 */
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;

export declare const components: {
  betterAuth: import("../betterAuth/_generated/component.js").ComponentApi<"betterAuth">;
  resend: import("@convex-dev/resend/_generated/component.js").ComponentApi<"resend">;
};
