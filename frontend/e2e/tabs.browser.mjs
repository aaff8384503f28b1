// One session across tabs, in a real browser against the running suite: two tabs of one signed-in
// person (one browser context, so one localStorage) are forced to refresh at the same moment, 20 times.
// Each round expires the stored access token (its `exp` claim rewritten; the console refreshes before
// sending a token that is about to expire) and reloads both tabs at once, so both reach for the one
// refresh token together. Neither tab may sign out, auth must see exactly one refresh per round (the
// tts-refresh Web Lock and the re-read of the stored pair), and at the end the last pair still refreshes:
// reuse detection never fired, the refresh token family is intact.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { api, env, launch, signIn } from "./browser.mjs";

const ROUNDS = Number(process.env.TTS_TABS_ROUNDS || 20);
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

const storedPair = (page) => page.evaluate(() => JSON.parse(window.localStorage.getItem("tts.tokens") || "null"));

describe("one session across tabs", () => {
  let browser;
  let context;
  let tabs;
  let locks; // whether the console has Web Locks here (a secure context: localhost, 127.0.0.1 or https)
  const refreshes = [];

  before(async () => {
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1200, height: 800 }, baseURL: env.console });
    context.on("response", (response) => {
      if (response.url().endsWith("/token/refresh/")) refreshes.push(response.status());
    });
    const first = await context.newPage();
    await signIn(first, PERSON, env.demoPassword);
    const second = await context.newPage();
    await second.goto("/inbox");
    await second.getByRole("button", { name: "Sign out" }).waitFor();
    tabs = [first, second];
    locks = await first.evaluate(() => typeof navigator.locks?.request === "function");
    for (const tab of tabs) tab.setDefaultTimeout(20_000);
  });

  after(async () => {
    await browser?.close();
  });

  test(`two tabs refreshing at the same moment, ${ROUNDS} times: one refresh a round, no sign-out`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const spent = await tabs[0].evaluate(expireStoredAccess);
      const before = refreshes.length;
      await Promise.all(tabs.map((tab) => tab.reload({ waitUntil: "domcontentloaded" })));
      for (const tab of tabs) await tab.getByRole("button", { name: "Sign out" }).waitFor();
      const pairs = await Promise.all(tabs.map((tab) => tab.waitForFunction((old) => {
        const stored = JSON.parse(window.localStorage.getItem("tts.tokens") || "null");
        return stored && stored.refresh !== old && stored;
      }, spent).then((handle) => handle.jsonValue())));
      await tabs[0].waitForTimeout(300); // a second refresh, were there one, would show by now
      const answers = refreshes.slice(before);
      assert.deepEqual(answers, [200], `round ${round}: auth saw refreshes ${JSON.stringify(answers)} (Web Locks: ${locks})`);
      assert.equal(pairs[0].refresh, pairs[1].refresh, `round ${round}: the tabs hold different pairs`);
      for (const tab of tabs) assert.ok(!new URL(tab.url()).pathname.startsWith("/login"), `round ${round}: a tab signed out`);
    }
  });

  test("the last pair still refreshes: no reuse was detected, the family is intact", async () => {
    const last = await storedPair(tabs[0]);
    const reply = await api("POST", `${env.auth}/token/refresh/`, { body: { refresh: last.refresh } });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  });
});
