// Presence and collision on the task page, in two browsers (two contexts: two signed-in people) against the
// running suite (issue 15 item 2). Dana (the coordinator, who holds the new task at Triage) and an administrator
// open the same task: each reads that the other is viewing within 2 s; Dana typing a comment reads as typing on
// the administrator's page. The administrator opens Transfer; Dana approves; the administrator's open dialog says
// "Dana Coordinator just moved this task to Resolve" before they confirm. The administrator closes their browser:
// Dana's page no longer lists them within 10 s.
// Run by hand: `cd frontend && node --test e2e/presence.browser.mjs` with CONSOLE_URL, AUTH_URL, WORKFLOW_URL and
// TICKET_MOCK_URL set to a running suite.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { api, env, eventually, launch, newPage, signIn, tokenFor } from "./browser.mjs";

// axe-core (a dev dependency) checks the presence chips and the dialog with its notice (the whole pages are
// a11y.browser.mjs's).
const AXE = readFileSync(process.env.AXE_PATH || fileURLToPath(new URL("../node_modules/axe-core/axe.min.js", import.meta.url)), "utf8");

async function noSeriousAxeViolations(page, selector, where) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async (selector) => {
    const { violations } = await window.axe.run({ include: [[selector]] }, { resultTypes: ["violations"] });
    return violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(" | ")}`);
  }, selector);
  assert.deepEqual(found, [], `${where}: serious axe violations`);
}

const DANA = "coordinator@tts.local";
const APPEARS_MS = 2_000;
const GONE_MS = 10_000;

async function fullName(token) {
  const me = (await api("GET", `${env.auth}/api/v1/users/me/`, { token })).body;
  return `${me.first_name} ${me.last_name}`.trim();
}

/** Milliseconds until `locator` is visible, failing past `limitMs`. */
async function visibleWithin(locator, limitMs, what) {
  const started = Date.now();
  await locator.waitFor({ state: "visible", timeout: limitMs }).catch((error) => {
    throw new Error(`${what} not within ${limitMs} ms: ${error.message.split("\n")[0]}`);
  });
  return Date.now() - started;
}

describe("presence and collision between two browsers", () => {
  let browser;
  let dana;
  let admin;
  let taskId;
  let adminName;
  let danaName;

  before(async () => {
    browser = await launch();
    const adminToken = await tokenFor(env.adminEmail, env.adminPassword);
    adminName = await fullName(adminToken);
    danaName = await fullName(await tokenFor(DANA, env.demoPassword));
    const created = await api("POST", `${env.tickets}/api/tickets/`, {
      token: adminToken,
      body: {
        subject: `Presence walk ${Date.now()}`,
        description: "Two people on one task.",
        category: "IT Support",
        sub_category: "Hardware",
        department: "IT Department",
        priority: "Medium",
        employee: { first_name: "Grace", last_name: "Hopper", email: "grace@example.com", company_id: "C-7", department: "Engineering" },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const number = created.body.ticket_number;
    const task = await eventually(async () => {
      const page = (await api("GET", `${env.workflow}/tasks/?ticket_number=${number}`, { token: adminToken })).body;
      const found = page?.results?.[0];
      return found?.status === "in_progress" && found.current_step?.name === "Triage" && found;
    }, "the new task at Triage");
    taskId = task.id;

    dana = await newPage(browser);
    admin = await newPage(browser);
    await signIn(dana, DANA, env.demoPassword);
    await signIn(admin, env.adminEmail, env.adminPassword);
  });

  after(async () => {
    await browser?.close();
  });

  test("each sees the other viewing within 2 s, and typing as typing", async () => {
    await dana.goto(`/tasks/${taskId}`);
    await dana.getByLabel("Add a comment").waitFor();
    await admin.goto(`/tasks/${taskId}`);
    await admin.getByRole("heading", { level: 1 }).waitFor();

    const danaPresence = dana.getByTestId("presence");
    const adminPresence = admin.getByTestId("presence");
    const seen = await visibleWithin(danaPresence.getByText(`${adminName} is viewing`), APPEARS_MS, "Dana reading the administrator");
    await visibleWithin(adminPresence.getByText(`${danaName} is viewing`), APPEARS_MS, "the administrator reading Dana");
    assert.equal(await danaPresence.getAttribute("aria-live"), "polite");
    assert.equal(await danaPresence.getByText(`${danaName} is`).count(), 0, "nobody reads themselves");
    console.log(`presence appeared after ${seen} ms`);

    await dana.getByLabel("Add a comment").pressSequentially("On my way", { delay: 30 });
    await visibleWithin(adminPresence.getByText(`${danaName} is typing a comment`), APPEARS_MS, "Dana typing");
    await noSeriousAxeViolations(admin, "[data-testid=presence]", "the presence chips with someone typing");
  });

  test("someone else's move shows in an open dialog before Confirm", async () => {
    await admin.getByRole("button", { name: "Transfer" }).click();
    const dialog = admin.getByRole("dialog");
    await dialog.waitFor();
    assert.equal(await dialog.getByTestId("task-changed-notice").count(), 0);

    await dana.getByRole("button", { name: /^approve →/i }).click();
    await dana.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
    await dana.getByText("Task moved to Resolve").first().waitFor();

    const notice = dialog.getByRole("alert").filter({ hasText: "just moved" });
    await visibleWithin(notice, 5_000, "the collision notice");
    assert.match(await notice.innerText(), new RegExp(`${danaName} just moved this task to Resolve`));
    await noSeriousAxeViolations(admin, "dialog[open]", "the Transfer dialog with the collision notice");
    await dialog.getByRole("button", { name: "Cancel" }).click();
  });

  test("the administrator closing their browser is gone from Dana's page within 10 s", async () => {
    const theirs = dana.getByTestId("presence").getByText(`${adminName} is viewing`);
    await theirs.waitFor();
    const started = Date.now();
    await admin.context().close();
    await theirs.waitFor({ state: "detached", timeout: GONE_MS });
    console.log(`presence gone after ${Date.now() - started} ms`);
  });
});
