// The console opened at an address other than localhost, in a real browser against the running suite
// (tests/e2e/test_console_hosts.py runs it with CONSOLE_URL=http://127.0.0.3:<console port>):
//   1. it goes live there: an assignment appears in the inbox without a reload, while nothing polls;
//   2. with the suite's messaging process stopped (supervisorctl, that one program only), it says so in
//      words ("Live updates paused, reconnecting") and a new assignment still appears within 35 s (polling);
//   3. with messaging started again, the banner goes and the console is live again.
// Run by hand: `cd frontend && node --test e2e/hosts.browser.mjs` with CONSOLE_URL, AUTH_URL,
// TICKET_MOCK_URL, WORKFLOW_URL, TTS_SUPERVISORCTL and TTS_SUPERVISORD_CONF set to a running suite.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { api, env, eventually, launch, newPage, signIn, tokenFor } from "./browser.mjs";

const RUN = Date.now().toString(36);
// Every demo workflow starts at Triage, whose role (Ticket Coordinator) has this one member in the demo data.
const ROLE = "Ticket Coordinator";
const PERSON = "coordinator@tts.local";
const BANNER = "Live updates paused, reconnecting.";
const POLLED_WITHIN_MS = 35_000;

function messaging(action) {
  execFileSync(process.env.TTS_SUPERVISORCTL, ["-c", process.env.TTS_SUPERVISORD_CONF, action, "tts:messaging"], { stdio: "pipe", timeout: 90_000 });
}

async function inject(token, label) {
  const created = await api("POST", `${env.tickets}/api/tickets/`, {
    token,
    body: {
      subject: `Console hosts: ${label} (${RUN})`,
      description: "Opened from another address.",
      category: "IT Support",
      sub_category: "Access",
      department: "IT Department",
      priority: "Medium",
      employee: { first_name: "Ada", last_name: "Lovelace", email: "ada@example.com", company_id: "C-1", department: "Engineering" },
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.ticket_number;
}

describe(`the console at ${env.console}`, () => {
  let browser;
  let page;
  let adminToken;
  const row = (ticketNumber) => page.locator(`[data-testid="task-row"][data-ticket="${ticketNumber}"]`);
  const banner = () => page.getByRole("status", { name: "Live updates" });

  before(async () => {
    assert.doesNotMatch(env.console, /\/\/(localhost|127\.0\.0\.1)[:/]/, "the point is an address other than localhost");
    browser = await launch();
    adminToken = await tokenFor(env.adminEmail, env.adminPassword);
    await eventually(async () => {
      const roles = (await api("GET", `${env.workflow}/roles/?name=${encodeURIComponent(ROLE)}`, { token: adminToken })).body;
      return roles?.results?.some((role) => role.members?.some((member) => member.user_email === PERSON));
    }, `workflow_api's replica of ${ROLE} to have its member`);
    page = await newPage(browser);
    await signIn(page, PERSON, env.demoPassword);
    await page.getByRole("heading", { name: "My tasks" }).waitFor();
  });

  after(async () => {
    if (process.env.TTS_SUPERVISORCTL) {
      try {
        messaging("start"); // whatever happened above, the suite gets its messaging back
      } catch {
        /* already running */
      }
    }
    await browser?.close();
  });

  test("goes live: an assignment appears in the inbox without a reload", async () => {
    await page.locator(".live-dot.live-open").waitFor({ timeout: 30_000 });
    assert.equal(await banner().innerText(), "", "no banner while live");
    const ticketNumber = await inject(adminToken, "live");
    await row(ticketNumber).waitFor({ timeout: 20_000 }); // the inbox does not poll while live: the socket told it
  });

  test("with messaging stopped it says so in words, and a new assignment still appears within 35 s", async () => {
    messaging("stop");
    await banner().getByText(BANNER).waitFor({ timeout: 30_000 });
    const injectedAt = Date.now();
    const ticketNumber = await inject(adminToken, "while paused");
    await row(ticketNumber).waitFor({ timeout: POLLED_WITHIN_MS });
    const seconds = (Date.now() - injectedAt) / 1000;
    console.log(`assignment in the inbox ${seconds.toFixed(1)} s after the ticket, with messaging stopped`);
    assert.ok(await banner().getByText(BANNER).isVisible(), "still paused: it was polling, not live");
  });

  test("with messaging back the banner goes and the console is live again", async () => {
    messaging("start");
    await page.locator(".live-dot.live-open").waitFor({ timeout: 60_000 });
    await banner().getByText(BANNER).waitFor({ state: "detached", timeout: 5_000 });
    const ticketNumber = await inject(adminToken, "live again");
    await row(ticketNumber).waitFor({ timeout: 20_000 });
  });
});
