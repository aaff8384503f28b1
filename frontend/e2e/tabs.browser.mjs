// One session across tabs, in a real browser against the running suite: two tabs of one signed-in
// person (one browser context, so one localStorage) are forced to refresh at the same moment, 20 times.
// Each round expires the stored access token (its `exp` claim rewritten; the console refreshes before
// sending a token that is about to expire) and opens the console in both tabs at once, so both reach for the one
// refresh token together. Neither tab may sign out, auth must see exactly one refresh per round (the
// tts-refresh Web Lock and the re-read of the stored pair), and at the end the last pair still refreshes:
// reuse detection never fired, the refresh token family is intact. The same again, 10 rounds, with the Web
// Locks API removed from the pages: the BroadcastChannel fallback may let a round's loser be refused
// once (inside auth's grace period), but no tab signs out and the family stays intact.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { api, env, launch, signIn } from "./browser.mjs";

const ROUNDS = Number(process.env.TTS_TABS_ROUNDS || 20);
const FALLBACK_ROUNDS = Number(process.env.TTS_TABS_FALLBACK_ROUNDS || 10);
const PERSON = process.env.TTS_TABS_PERSON || "agent1@tts.local";

/** In the page: the stored pair with the access token's `exp` set in the past (the signature is left as is; it is never sent). */
function expireStoredAccess() {
  const stored = JSON.parse(window.localStorage.getItem("tts.tokens"));
  const [head, body, signature] = stored.access.split(".");
  const claims = JSON.parse(atob(body.replace(/-/g, "+").replace(/_/g, "/")));
  claims.exp = Math.floor(Date.now() / 1000) - 60;
  const encoded = btoa(JSON.stringify(claims)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  window.localStorage.setItem("tts.tokens", JSON.stringify({ ...stored, access: `${head}.${encoded}.${signature}` }));
  return stored.refresh;
}

const IDLE_PAGE = "/svc/auth/health/"; // same origin (the console's proxy), plain JSON
const storedPair = (page) => page.evaluate(() => JSON.parse(window.localStorage.getItem("tts.tokens") || "null"));

/**
 * Two tabs of one person, `rounds` times forced to refresh together. `withoutLocks` removes the Web Locks
 * API from the pages (the BroadcastChannel fallback runs); there, two tabs announcing at the same instant
 * may both spend the token, so a round may see one refused refresh, but never a sign-out.
 */
function tabsRefreshingTogether({ label, rounds, withoutLocks = false }) {
  describe(label, () => {
    let browser;
    let tabs;
    const refreshes = [];

    before(async () => {
      browser = await launch();
      const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, baseURL: env.console });
      if (withoutLocks) await context.addInitScript(() => delete Object.getPrototypeOf(navigator).locks);
      context.on("response", (response) => {
        if (response.url().endsWith("/token/refresh/")) refreshes.push(response.status());
      });
      const first = await context.newPage();
      await signIn(first, PERSON, env.demoPassword);
      const second = await context.newPage();
      await second.goto("/inbox");
      await second.getByRole("button", { name: "Sign out" }).waitFor();
      tabs = [first, second];
      for (const tab of tabs) tab.setDefaultTimeout(20_000);
      const locks = await first.evaluate(() => typeof navigator.locks?.request === "function");
      assert.equal(locks, !withoutLocks, "Web Locks in the console's pages (a secure context: localhost, 127.0.0.1 or https)");
    });

    after(async () => {
      await browser?.close();
    });

    test(`${rounds} rounds: ${withoutLocks ? "at most one refused refresh a round" : "one refresh a round"}, no sign-out`, async () => {
      for (let round = 1; round <= rounds; round++) {
        // Both tabs leave the console for a page of its origin that runs no console code (so nothing can
        // refresh, or be cut off mid-refresh, while the token is expired), then open it again together.
        await Promise.all(tabs.map((tab) => tab.goto(IDLE_PAGE)));
        const spent = await tabs[0].evaluate(expireStoredAccess);
        const before = refreshes.length;
        await Promise.all(tabs.map((tab) => tab.goto("/inbox", { waitUntil: "domcontentloaded" })));
        for (const tab of tabs) await tab.getByRole("button", { name: "Sign out" }).waitFor();
        const pairs = await Promise.all(
          tabs.map((tab) =>
            tab
              .waitForFunction((old) => {
                const stored = JSON.parse(window.localStorage.getItem("tts.tokens") || "null");
                return stored && stored.refresh !== old && stored;
              }, spent)
              .then((handle) => handle.jsonValue()),
          ),
        );
        await tabs[0].waitForTimeout(withoutLocks ? 800 : 300); // a second refresh (and its settling), were there one, shows by now
        const answers = refreshes.slice(before);
        const expected = withoutLocks && answers.length === 2 ? [200, 401] : [200];
        assert.deepEqual([...answers].sort(), expected, `round ${round}: auth saw refreshes ${JSON.stringify(answers)}`);
        assert.equal(pairs[0].refresh, pairs[1].refresh, `round ${round}: the tabs hold different pairs`);
        for (const tab of tabs) {
          assert.ok(!new URL(tab.url()).pathname.startsWith("/login"), `round ${round}: a tab signed out`);
          assert.equal((await storedPair(tab))?.refresh, pairs[0].refresh, `round ${round}: the stored pair changed again or went`);
        }
      }
    });

    test("the last pair still refreshes: no reuse was detected, the family is intact", async () => {
      const last = await storedPair(tabs[0]);
      const reply = await api("POST", `${env.auth}/token/refresh/`, { body: { refresh: last.refresh } });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
    });
  });
}

tabsRefreshingTogether({ label: "one session across tabs (Web Locks)", rounds: ROUNDS });
tabsRefreshingTogether({ label: "one session across tabs (BroadcastChannel, no Web Locks)", rounds: FALLBACK_ROUNDS, withoutLocks: true });
