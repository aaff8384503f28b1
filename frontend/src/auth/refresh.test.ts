import { afterEach, describe, expect, it, vi } from "vitest";
import { CHANNEL_NAME, LOCK_NAME, refreshAcrossTabs, resetAnnouncements, type Spend } from "./refresh";
import { onTokensChange, readTokens, writeTokens, type TokenPair } from "./tokens";

const mine: TokenPair = { access: "access-1", refresh: "refresh-1" };
const sibling: TokenPair = { access: "access-2", refresh: "refresh-2" };
const ours: TokenPair = { access: "access-3", refresh: "refresh-3" };

/** Another tab of the console writing the shared pair: localStorage changes and this tab gets a `storage` event. */
function siblingWrites(tokens: TokenPair | null) {
  if (tokens) window.localStorage.setItem("tts.tokens", JSON.stringify(tokens));
  else window.localStorage.removeItem("tts.tokens");
  window.dispatchEvent(new StorageEvent("storage", { key: "tts.tokens" }));
}

type LockWork = (lock: { name: string } | null) => Promise<unknown>;

/**
 * A Web Locks stand-in that runs `beforeGrant` while this tab waits, then grants the lock;
 * `held`: a sibling holds it at first (an `ifAvailable` request gets null).
 */
function stubLocks(beforeGrant: () => void = () => {}, { held = false } = {}) {
  const request = vi.fn(async (name: string, ...rest: unknown[]) => {
    const work = rest.pop() as LockWork;
    if ((rest[0] as LockOptions | undefined)?.ifAvailable && held) return work(null);
    beforeGrant();
    return work({ name });
  });
  vi.stubGlobal("navigator", { ...navigator, locks: { request } });
  return request;
}

afterEach(() => {
  vi.unstubAllGlobals();
  resetAnnouncements();
});

describe("refreshAcrossTabs", () => {
  it("spends the stored refresh token under the tts-refresh lock and stores the new pair", async () => {
    writeTokens(mine);
    const request = stubLocks();
    const spend = vi.fn<Spend>(async () => ({ kind: "rotated", tokens: ours }));

    await expect(refreshAcrossTabs(spend)).resolves.toEqual(ours);

    expect(request).toHaveBeenCalledWith(LOCK_NAME, { ifAvailable: true }, expect.any(Function));
    expect(spend).toHaveBeenCalledWith("refresh-1");
    expect(readTokens()).toEqual(ours);
  });

  it("takes the pair another tab rotated while this tab waited for the lock, spending nothing", async () => {
    writeTokens(mine);
    stubLocks(() => siblingWrites(sibling));
    const spend = vi.fn<Spend>();

    await expect(refreshAcrossTabs(spend)).resolves.toEqual(sibling);

    expect(spend).not.toHaveBeenCalled();
  });

  it("after waiting for a sibling's lock, takes the pair that reaches storage late, spending nothing", async () => {
    writeTokens(mine);
    stubLocks(() => setTimeout(() => siblingWrites(sibling), 100), { held: true });
    const spend = vi.fn<Spend>();

    await expect(refreshAcrossTabs(spend)).resolves.toEqual(sibling);

    expect(spend).not.toHaveBeenCalled();
  });

  it("after waiting for a sibling's lock that changed nothing, spends the token itself", async () => {
    writeTokens(mine);
    stubLocks(() => {}, { held: true });
    const spend = vi.fn<Spend>(async () => ({ kind: "rotated", tokens: ours }));

    await expect(refreshAcrossTabs(spend)).resolves.toEqual(ours);
    expect(spend).toHaveBeenCalledWith("refresh-1");
  });

  it("stays signed out when another tab signed out meanwhile", async () => {
    writeTokens(mine);
    stubLocks(() => siblingWrites(null));
    const spend = vi.fn<Spend>();

    await expect(refreshAcrossTabs(spend)).resolves.toBeNull();
    expect(spend).not.toHaveBeenCalled();
  });

  it("signs out when the refused refresh token is still the stored one", async () => {
    writeTokens(mine);
    stubLocks();

    await expect(refreshAcrossTabs(async () => ({ kind: "refused" }))).resolves.toBeNull();

    expect(readTokens()).toBeNull();
  });

  it("never signs out when a sibling's pair arrives after this tab's refresh was refused", async () => {
    writeTokens(mine);
    stubLocks();
    const spend: Spend = async () => {
      setTimeout(() => siblingWrites(sibling), 50); // the winner's pair reaches this tab's storage a little later
      return { kind: "refused" };
    };

    await expect(refreshAcrossTabs(spend)).resolves.toEqual(sibling);

    expect(readTokens()).toEqual(sibling);
  });

  it("keeps the pair when auth cannot be reached", async () => {
    writeTokens(mine);
    stubLocks();

    await expect(refreshAcrossTabs(async () => ({ kind: "unreachable" }))).resolves.toBeNull();

    expect(readTokens()).toEqual(mine);
  });

  it("without Web Locks, waits for a sibling that announced it is spending the same token and takes its pair", async () => {
    writeTokens(mine);
    vi.stubGlobal("navigator", { ...navigator, locks: undefined });
    const spend = vi.fn<Spend>();
    await refreshAcrossTabs(async () => ({ kind: "unreachable" })); // opens this tab's channel
    const otherTab = new BroadcastChannel(CHANNEL_NAME);
    otherTab.postMessage({ type: "spending", refresh: "refresh-1" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    setTimeout(() => siblingWrites(sibling), 50);

    await expect(refreshAcrossTabs(spend)).resolves.toEqual(sibling);

    expect(spend).not.toHaveBeenCalled();
    otherTab.close();
  });

  it("without Web Locks, announces the token it spends so siblings wait", async () => {
    writeTokens(mine);
    vi.stubGlobal("navigator", { ...navigator, locks: undefined });
    const otherTab = new BroadcastChannel(CHANNEL_NAME);
    const heard = new Promise<unknown>((resolve) => otherTab.addEventListener("message", (event) => resolve(event.data), { once: true }));

    await refreshAcrossTabs(async () => ({ kind: "rotated", tokens: ours }));

    await expect(heard).resolves.toEqual({ type: "spending", refresh: "refresh-1" });
    otherTab.close();
  });
});

describe("onTokensChange", () => {
  it("hears a pair written by another tab", () => {
    const heard: (TokenPair | null)[] = [];
    const unsubscribe = onTokensChange((tokens) => heard.push(tokens));

    siblingWrites(sibling);
    siblingWrites(null);
    unsubscribe();

    expect(heard).toEqual([sibling, null]);
  });
});
