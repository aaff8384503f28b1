/** The signed-in person's token pair, kept in localStorage so a reload stays signed in. */

export interface TokenPair {
  access: string;
  refresh: string;
}

export interface Role {
  system: string;
  role: string;
}

/** What the access token says about its holder (auth's claims). */
export interface Claims {
  user_id: number;
  email: string;
  full_name: string;
  roles: Role[];
  exp: number;
}

const STORAGE_KEY = "tts.tokens";
/** Set when the session ended by itself (not by "Sign out"), for the sign-in page of every tab to say so. */
const ENDED_KEY = "tts.session_ended";
type Listener = (tokens: TokenPair | null) => void;
const listeners = new Set<Listener>();

export function readTokens(): TokenPair | null {
  try {
    const stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
    return stored && typeof stored.access === "string" && typeof stored.refresh === "string" ? stored : null;
  } catch {
    return null;
  }
}

export function writeTokens(tokens: TokenPair | null): void {
  if (tokens) {
    window.localStorage.removeItem(ENDED_KEY);
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(tokens));
  } else window.localStorage.removeItem(STORAGE_KEY);
  listeners.forEach((listener) => listener(tokens));
}

/**
 * Signs out because the session ended by itself (auth refused the refresh
 * token: revoked, expired, reused): `sessionEnded()` is true, in every tab,
 * until the next sign-in. The flag is written before the pair is removed, so
 * another tab reading it on the `storage` event sees it.
 */
export function endSession(): void {
  window.localStorage.setItem(ENDED_KEY, "1");
  writeTokens(null);
}

/** Whether the last session ended by itself rather than by "Sign out" (see `endSession`). */
export function sessionEnded(): boolean {
  return window.localStorage.getItem(ENDED_KEY) === "1";
}

/**
 * Called whenever the pair changes (sign-in, silent refresh, sign-out), in this
 * tab or in another tab of the console (the `storage` event); returns the unsubscribe.
 */
export function onTokensChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

if (typeof window !== "undefined") {
  window.addEventListener("storage", (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY && event.key !== null) return; // null: storage cleared
    const tokens = readTokens();
    listeners.forEach((listener) => listener(tokens));
  });
}

/** The claims of a JWT, read without verifying it (the services verify; the console only displays). */
export function decodeClaims(token: string): Claims | null {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const json = decodeURIComponent(
      Array.from(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), "=")))
        .map((character) => "%" + character.charCodeAt(0).toString(16).padStart(2, "0"))
        .join(""),
    );
    const claims = JSON.parse(json);
    return typeof claims.user_id === "number" ? claims : null;
  } catch {
    return null;
  }
}

/** Seconds until the token expires (negative once expired). */
export function secondsLeft(token: string, now: number = Date.now()): number {
  const claims = decodeClaims(token);
  return claims ? claims.exp - now / 1000 : -1;
}

export function hasTTSRole(claims: Claims | null, role?: string): boolean {
  return !!claims?.roles.some((entry) => entry.system === "tts" && (!role || entry.role === role));
}

export const isAdministrator = (claims: Claims | null) => hasTTSRole(claims, "Admin");
