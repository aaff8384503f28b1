/**
 * One refresh for every tab of this browser.
 *
 * Every tab shares one stored token pair (localStorage), and auth rotates the
 * refresh token on each use: a refresh token spent twice is refused, and one
 * spent again after auth's grace period revokes the whole family (reuse
 * detection). So tabs take turns: a tab refreshes only while holding the
 * `tts-refresh` Web Lock (`navigator.locks`), and inside it re-reads the stored
 * pair; when another tab has already rotated it (the stored refresh token is
 * not the one this tab was about to spend) it takes that pair instead of
 * spending anything (after waiting for the lock, it gives the previous holder's
 * pair up to a second to arrive: Chromium propagates localStorage between tabs
 * asynchronously). Where Web Locks are missing, tabs announce the token they
 * are about to spend on a BroadcastChannel and the others wait for its result.
 *
 * A refused refresh signs the person out only when the stored refresh token is
 * still the one that was refused; otherwise a sibling tab won and its pair is
 * used. The other tabs learn of the new pair through the `storage` event
 * (see `onTokensChange`).
 */
import { endSession, onTokensChange, readTokens, writeTokens, type TokenPair } from "./tokens";

/** What spending a refresh token at auth gave. */
export type SpendResult = { kind: "rotated"; tokens: TokenPair } | { kind: "refused" } | { kind: "unreachable" };
/** Trades `refresh` for a new pair at auth (`POST /token/refresh/`). */
export type Spend = (refresh: string) => Promise<SpendResult>;

export const LOCK_NAME = "tts-refresh";
export const CHANNEL_NAME = "tts-refresh";
/** How long a refused tab waits for a sibling's pair to reach its storage before signing out, in ms. */
const SIBLING_WAIT_MS = 500;
/** How long a tab that waited for the lock waits for the previous holder's pair to reach its storage, in ms. */
const HANDOVER_WAIT_MS = 1_000;
/** How long, in ms, a tab without Web Locks waits for a sibling that announced it is spending the same token. */
const ANNOUNCED_WAIT_MS = 5_000;

/**
 * Refreshes the stored pair once for all tabs; resolves to the pair to use, or
 * null when signed out (nothing stored, or the stored refresh token refused)
 * or when auth could not be reached (the stored pair is kept).
 */
export async function refreshAcrossTabs(spend: Spend): Promise<TokenPair | null> {
  const seen = readTokens();
  if (!seen) return null;
  return exclusive(seen.refresh, (waited) => refreshUnlessRotated(seen.refresh, spend, waited));
}

async function refreshUnlessRotated(expected: string, spend: Spend, waited: boolean): Promise<TokenPair | null> {
  let stored = readTokens();
  if (stored?.refresh === expected && waited) {
    // A sibling held the lock just now, most likely refreshing this very pair. Chromium hands
    // localStorage writes to other tabs asynchronously, so its pair may not be here yet: give it a moment.
    const handedOver = await tokensOtherThan(expected, HANDOVER_WAIT_MS);
    if (handedOver !== undefined) stored = handedOver;
  }
  if (!stored) return null; // another tab signed out
  if (stored.refresh !== expected) return stored; // another tab rotated the pair: take it
  const answer = await spend(expected);
  if (answer.kind === "rotated") {
    writeTokens(answer.tokens);
    return answer.tokens;
  }
  if (answer.kind === "unreachable") return null;
  const after = await tokensOtherThan(expected, SIBLING_WAIT_MS);
  if (after === undefined) {
    endSession(); // the pair this tab holds was refused: sign out, and the sign-in page says why
    return null;
  }
  return after; // a sibling won (or signed out); never sign out on its behalf
}

/**
 * The stored pair once its refresh token is no longer `refresh` (null when
 * signed out), waiting up to `ms` for a change from another tab; undefined
 * when it is still `refresh`.
 */
export function tokensOtherThan(refresh: string, ms: number): Promise<TokenPair | null | undefined> {
  return new Promise((resolve) => {
    const check = () => {
      const stored = readTokens();
      if (stored?.refresh === refresh) return false;
      finish(stored);
      return true;
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe = () => {};
    const finish = (value: TokenPair | null | undefined) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    };
    if (check()) return;
    unsubscribe = onTokensChange(() => void check());
    timer = setTimeout(() => finish(undefined), ms);
  });
}

/** Runs `work` holding the refresh lock; `work` is told whether it had to wait for a sibling that held it. */
function exclusive<T>(refresh: string, work: (waited: boolean) => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks || typeof locks.request !== "function") return announced(refresh, () => work(false));
  return locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) =>
    lock ? work(false) : locks.request(LOCK_NAME, () => work(true)),
  ) as Promise<T>;
}

// The fallback: a tab about to spend a token says so; a sibling about to spend
// the same token waits for the first one's pair instead. Two tabs announcing at
// the same instant both spend it; the loser is refused within auth's grace
// period (nothing is revoked) and takes the winner's pair from storage.
const spending = new Map<string, number>();
let channel: BroadcastChannel | null | undefined;

function announcements(): BroadcastChannel | null {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL_NAME) : null;
    channel?.addEventListener("message", (event: MessageEvent) => {
      if (event.data?.type === "spending" && typeof event.data.refresh === "string") spending.set(event.data.refresh, Date.now());
    });
  }
  return channel;
}

async function announced<T>(refresh: string, work: () => Promise<T>): Promise<T> {
  const bus = announcements();
  const since = spending.get(refresh);
  const waited = since === undefined ? ANNOUNCED_WAIT_MS : Date.now() - since;
  if (waited < ANNOUNCED_WAIT_MS) await tokensOtherThan(refresh, ANNOUNCED_WAIT_MS - waited);
  bus?.postMessage({ type: "spending", refresh });
  return work();
}

/** Forget what siblings announced (tests). */
export function resetAnnouncements(): void {
  spending.clear();
  channel?.close();
  channel = undefined;
}
