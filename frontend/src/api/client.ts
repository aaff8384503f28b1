import { ApiError } from "./errors";
import { refreshAcrossTabs, type SpendResult } from "../auth/refresh";
import { readTokens, secondsLeft, type TokenPair } from "../auth/tokens";

/** Where each service is, as seen from the browser: the console's own origin, proxied (see proxy.config.ts). */
export const SERVICE_BASE = {
  auth: "/svc/auth",
  workflow: "/svc/workflow",
  messaging: "/svc/messaging",
  notification: "/svc/notification",
  tickets: "/svc/tickets",
} as const;
export type Service = keyof typeof SERVICE_BASE;

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Query;
  body?: unknown;
  /** Sent as is (multipart uploads). */
  form?: FormData;
  /** false for the sign-in calls themselves. */
  authenticated?: boolean;
  signal?: AbortSignal;
}

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_SECONDS = 30;
/** A refresh that takes longer is given up (the other tabs wait for it under the lock), in ms. */
const REFRESH_TIMEOUT_MS = 15_000;
let refreshInFlight: Promise<TokenPair | null> | null = null;

export function urlOf(service: Service, path: string, query?: Query): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return `${SERVICE_BASE[service]}${path}${text ? `?${text}` : ""}`;
}

/**
 * Trades the refresh token for a new pair, once at a time for every caller and
 * every tab (see `refreshAcrossTabs`). A refused refresh signs the person out
 * (the token was spent, revoked or expired) unless another tab rotated the pair.
 */
export function refreshTokens(): Promise<TokenPair | null> {
  if (!refreshInFlight) {
    refreshInFlight = refreshAcrossTabs(spendRefresh).finally(() => {
      refreshInFlight = null;
    });
  }
  return refreshInFlight;
}

async function spendRefresh(refresh: string): Promise<SpendResult> {
  try {
    const response = await fetch(urlOf("auth", "/token/refresh/"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh }),
      signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS),
    });
    if (response.ok) return { kind: "rotated", tokens: (await response.json()) as TokenPair };
    if (response.status === 401 || response.status === 400) return { kind: "refused" };
    return { kind: "unreachable" };
  } catch {
    return { kind: "unreachable" }; // offline: keep the tokens and try again later
  }
}

/** A usable access token: the stored one, refreshed first when it is about to expire. */
export async function freshAccessToken(): Promise<string | null> {
  const tokens = readTokens();
  if (!tokens) return null;
  if (secondsLeft(tokens.access) > REFRESH_MARGIN_SECONDS) return tokens.access;
  return (await refreshTokens())?.access ?? null;
}

async function send(url: string, options: RequestOptions, access: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (access) headers.Authorization = `Bearer ${access}`;
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  try {
    return await fetch(url, { method: options.method || "GET", headers, body, signal: options.signal });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, null);
  }
}

async function parse(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Calls a service; JSON in and out. A 401 is answered by one silent refresh and a retry. */
export async function request<T>(service: Service, path: string, options: RequestOptions = {}): Promise<T> {
  const url = urlOf(service, path, options.query);
  const authenticated = options.authenticated !== false;
  const access = authenticated ? await freshAccessToken() : null;
  let response = await send(url, options, access);
  const stored = readTokens();
  if (response.status === 401 && authenticated && stored) {
    // Another tab may have rotated the pair meanwhile: use its token before spending the refresh token.
    const fresh = stored.access !== access ? stored : await refreshTokens();
    if (fresh) response = await send(url, options, fresh.access);
  }
  const body = await parse(response);
  if (!response.ok) throw new ApiError(response.status, body);
  return body as T;
}

/** Fetches a protected file (an attachment) and hands it to the browser as a download. */
export async function download(service: Service, path: string, fileName: string): Promise<void> {
  const access = await freshAccessToken();
  const url = path.startsWith("/svc/") ? path : `${SERVICE_BASE[service]}${path}`;
  const response = await send(url, {}, access);
  if (!response.ok) throw new ApiError(response.status, await parse(response));
  const objectUrl = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = objectUrl;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
}
