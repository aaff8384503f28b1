// Keyboard shortcuts and bulk actions in the console, in headless Chromium against the running suite (issue 15
// items 3 and 4). The administrator opens All tasks filtered to three new tickets: `?` shows the shortcuts sheet
// (axe-checked; Escape closes it and focus returns to the link it left), `j`/`k` move the row marker and `o` opens
// the marked task. Then a bulk Transfer of the three to a second coordinator, one of them on hold (the server
// refuses it with a 409), reports "2 transferred, 1 failed" with that ticket and the server's reason; the server
// agrees (two now with the coordinator, the held one not).
// Run by hand: `cd frontend && node --test e2e/keyboard_bulk.browser.mjs` with CONSOLE_URL, AUTH_URL, WORKFLOW_URL
// and TICKET_MOCK_URL set to a running suite.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { api, env, eventually, launch, newPage, signIn, tokenFor, withdrawRole } from "./browser.mjs";

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

const RUN = `kb${Date.now().toString(36)}`;
const COVER = { email: `cover.${RUN}@tts.local`, first_name: "Kit", last_name: `Cover ${RUN}`, password: `Qz7!hT4#wN${RUN}` };
const EMPLOYEE = { first_name: "Ada", last_name: "Lovelace", email: "ada@example.com", company_id: "C-1", department: "IT" };

async function ticket(token, subject) {
  const body = { subject, description: "Keyboard and bulk walk.", category: "IT Support", sub_category: "Hardware", department: "IT Department", priority: "Medium", employee: EMPLOYEE };
  const created = await api("POST", `${env.tickets}/api/tickets/`, { token, body });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const number = created.body.ticket_number;
  return eventually(async () => {
    const found = (await api("GET", `${env.workflow}/tasks/?ticket_number=${number}`, { token })).body?.results?.[0];
    return found?.status === "in_progress" && found;
  }, `the task of ${number}`);
}

describe("keyboard shortcuts and bulk actions", () => {
  let browser;
  let page;
  let adminToken;
  let coverId;
  let coverRole;
  let tasks;

  before(async () => {
    browser = await launch();
    adminToken = await tokenFor(env.adminEmail, env.adminPassword);
    const created = await api("POST", `${env.auth}/api/v1/users/`, { token: adminToken, body: COVER });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    coverId = created.body.id;
    const role = await api("POST", `${env.auth}/api/v1/user-system-roles/`, { token: adminToken, body: { user: coverId, system: "tts", role: "Ticket Coordinator" } });
    coverRole = role.body;
    assert.ok([200, 201].includes(role.status), JSON.stringify(role.body));
    await eventually(async () => {
      const roles = (await api("GET", `${env.workflow}/roles/?page_size=200`, { token: adminToken })).body?.results ?? [];
      return (roles.find((r) => r.name === "Ticket Coordinator")?.members ?? []).some((m) => m.user_id === coverId && m.is_active);
    }, "the new coordinator in workflow_api's replica");
    tasks = [];
    for (const n of [1, 2, 3]) tasks.push(await ticket(adminToken, `Bulk ${RUN} ${n}`));
    for (const task of tasks) {
      if (task.assignee?.user_id !== coverId) continue;
      // round robin gave it to the new coordinator: hand it to the demo's, so the bulk transfer has something to move
      const dana = (await api("GET", `${env.workflow}/tasks/${task.id}/transfer-candidates/?search=coordinator@tts.local`, { token: adminToken })).body.results[0];
      assert.equal((await api("POST", `${env.workflow}/tasks/${task.id}/transfer/`, { token: adminToken, body: { user_id: dana.user_id } })).status, 200);
    }
    // the third waits on hold: a transfer of it is refused (409) while the others go ahead
    const held = await api("POST", `${env.workflow}/tasks/${tasks[2].id}/hold/`, { token: adminToken, body: { reason: "waiting for the supplier" } });
    assert.equal(held.status, 200, JSON.stringify(held.body));
    page = await newPage(browser);
    await signIn(page, env.adminEmail, env.adminPassword);
  });

  after(async () => {
    await browser?.close();
    await withdrawRole(adminToken, coverRole);
  });

  test("? shows the sheet (Escape closes it, focus returns); j/k/o open a task", async () => {
    await page.goto(`/tasks?search=${encodeURIComponent(`Bulk ${RUN}`)}`);
    await eventually(async () => (await page.getByTestId("task-row").count()) === 3, "the three tasks listed");
    const firstLink = page.getByTestId("task-row").nth(0).getByRole("link");
    await firstLink.focus();
    await page.keyboard.press("?");
    const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await sheet.waitFor();
    await sheet.getByText("Go to My tasks").waitFor();
    await noSeriousAxeViolations(page, "dialog[open]", "the shortcuts sheet");
    await page.keyboard.press("Escape");
    await sheet.waitFor({ state: "hidden" });
    assert.equal(await firstLink.evaluate((element) => element === document.activeElement), true, "focus is back on the link");

    await page.locator("h1").click(); // start from no row
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    await page.keyboard.press("j");
    const second = page.getByTestId("task-row").nth(1);
    assert.equal(await second.getAttribute("aria-current"), "true");
    assert.equal(await second.getByRole("link").evaluate((element) => element === document.activeElement), true, "the marked row's link has focus");
    const href = await second.getByRole("link").getAttribute("href");
    await page.keyboard.press("o");
    await page.waitForURL((url) => url.pathname === href);

    // "/" focuses the header search, and letters typed there stay there
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "global-search");
    await page.keyboard.type("gd");
    assert.equal(new URL(page.url()).pathname, href);
  });

  test("a bulk transfer of three, one on hold, reports 2 transferred and 1 failed", async () => {
    await page.goto(`/tasks?search=${encodeURIComponent(`Bulk ${RUN}`)}`);
    await eventually(async () => (await page.getByTestId("task-row").count()) === 3, "the three tasks listed");
    await page.getByRole("checkbox", { name: "Select all on this page" }).check();
    const toolbar = page.getByRole("region", { name: "Bulk actions" });
    await toolbar.getByText("3 selected:").waitFor();
    await toolbar.getByRole("button", { name: "Transfer…" }).click();
    const dialog = page.getByRole("dialog", { name: "Transfer the selected tasks" });
    await dialog.getByLabel("Find a person").fill(COVER.email);
    const option = dialog.getByRole("option", { name: new RegExp(COVER.email.replace(/\./g, "\\.")) });
    await eventually(async () => (await option.count()) === 1, "the coordinator in the people list");
    await dialog.getByLabel("Person", { exact: true }).selectOption(String(coverId));
    await noSeriousAxeViolations(page, "dialog[open]", "the bulk Transfer dialog");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    const summary = dialog.getByTestId("bulk-summary");
    await summary.getByText("2 transferred, 1 failed").waitFor();
    const failures = await summary.getByRole("list", { name: "Failed" }).getByRole("listitem").allTextContents();
    assert.equal(failures.length, 1);
    assert.ok(failures[0].startsWith(`${tasks[2].ticket_number} — `), failures[0]);
    await noSeriousAxeViolations(page, "dialog[open]", "the bulk summary");

    for (const [index, task] of tasks.entries()) {
      const now = (await api("GET", `${env.workflow}/tasks/${task.id}/`, { token: adminToken })).body;
      assert.equal(now.assignee?.user_id === coverId, index < 2, `${task.ticket_number} with the coordinator: ${JSON.stringify(now.assignee)}`);
    }
    await dialog.getByRole("button", { name: "Done" }).click();
    await toolbar.waitFor({ state: "hidden" });
  });
});
