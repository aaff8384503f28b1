import type { Claims, Role } from "../auth/tokens";
import { writeTokens } from "../auth/tokens";

/** base64url of the UTF-8 JSON, as a real JWT segment. */
const encode = (value: object) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/=+$/, "")
    .replace(/\+/g, "-")
    .replace(/\//g, "_");

/** An unsigned token with these claims (the console reads claims, it never verifies). */
export function fakeToken(claims: Partial<Claims> = {}, lifetimeSeconds = 900): string {
  const full: Claims = {
    user_id: 7,
    email: "agent1@tts.local",
    full_name: "Agent One",
    roles: [{ system: "tts", role: "Agent" }],
    exp: Math.floor(Date.now() / 1000) + lifetimeSeconds,
    ...claims,
  };
  return `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ ...full, token_type: "access" })}.signature`;
}

/** Stores a token pair as if this person had signed in. */
export function signInAs(claims: Partial<Claims> = {}, lifetimeSeconds = 900): void {
  writeTokens({ access: fakeToken(claims, lifetimeSeconds), refresh: "refresh-token" });
}

export const ADMIN: Partial<Claims> = {
  user_id: 1,
  email: "admin@tts.local",
  full_name: "Ada Admin",
  roles: [{ system: "tts", role: "Admin" } as Role],
};
export const AGENT: Partial<Claims> = { user_id: 7, email: "agent1@tts.local", full_name: "Agent One", roles: [{ system: "tts", role: "Agent" }] };
