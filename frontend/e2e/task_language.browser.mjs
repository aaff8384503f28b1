// Issue 14 items 2 and 6 in a real browser against the running suite: a brand-new, broken workflow lists the
// server's problems after Deploy (the page having moved from /new to /<id>), a drag dropped on a node's body adds a
// transition; a task that was escalated, held, resumed and resolved reads as a help desk reads it: the ticket's
// status Resolved, the SLA outcome, an Escalated badge, a history of sentences with names and no `task.` codes
// or `id:` text. Run by hand: `cd frontend && node --test e2e/task_language.browser.mjs` with CONSOLE_URL,
// AUTH_URL, WORKFLOW_URL and TICKET_MOCK_URL set to a running suite (tests/e2e/test_console_task_language.py does so).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { api, env, eventually, launch, newPage, screenshot, signIn, tokenFor } from "./browser.mjs";

// axe-core is a dev dependency of the console; AXE_PATH points elsewhere if wanted.
const AXE_FILE = process.env.AXE_PATH || new URL("../node_modules/axe-core/axe.min.js", import.meta.url).pathname;
const AXE = existsSync(AXE_FILE) ? readFileSync(AXE_FILE, "utf8") : null;

/** Serious or critical axe violations on the page, `exclude` (CSS selectors) left out. */
async function noSeriousAxeViolations(page, where, exclude = []) {
  if (!AXE) return;
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async (excluded) => {
    const context = excluded.length ? { exclude: excluded.map((selector) => [selector]) } : document;
    const { violations } = await window.axe.run(context, { resultTypes: ["violations"] });
    return violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(" | ")}`);
  }, exclude);
  assert.deepEqual(found, [], `${where}: serious axe violations`);
}

const RUN = Date.now().toString(36);
const CATEGORY = `Task language ${RUN}`;
const COORDINATOR = "coordinator@tts.local"; // the demo's only Ticket Coordinator (Dana Coordinator)

const readTask = async (token, id) => (await api("GET", `${env.workflow}/tasks/${id}/`, { token })).body;

/** Drags with the mouse from the middle of `from` to the middle of `to`, in steps, as a person does. */
async function drag(page, from, to) {
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 30, start.y + start.height / 2 + 10, { steps: 5 });
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 15 });
  await page.mouse.up();
}

describe("the task page and the editor speak the user's language", () => {
  let browser;
  let adminToken;

  before(async () => {
    browser = await launch();
    adminToken = await tokenFor(env.adminEmail, env.adminPassword);
    await eventually(async () => {
      const roles = (await api("GET", `${env.workflow}/roles/?page_size=200`, { token: adminToken })).body?.results ?? [];
      const members = (name) => (roles.find((role) => role.name === name)?.members ?? []).filter((member) => member.is_active).map((member) => member.user_email);
      return members("Agent").length > 0 && members("Ticket Coordinator").includes(COORDINATOR);
    }, "the Agent and Ticket Coordinator roles in workflow_api's replica");
  });

  after(async () => {
    await browser?.close();
  });

  test("a brand-new broken workflow lists its problems after Deploy; a drop on a node's body connects", async () => {
    const admin = await newPage(browser);
    await signIn(admin, env.adminEmail, env.adminPassword);
    await admin.goto("/admin/workflows/new");
    await admin.getByLabel("Name", { exact: true }).fill(`Broken ${RUN}`);
    await admin.getByLabel("Category", { exact: true }).fill(`${CATEGORY} broken`);
    await admin.getByLabel("Department", { exact: true }).fill("IT Department");
    // One priority vocabulary: the SLA of Critical tasks, never "Urgent".
    for (const [bucket, hours] of [["Low", "48"], ["Medium", "24"], ["High", "8"], ["Critical", "4"]]) {
      await admin.getByLabel(`${bucket} SLA (hours)`).fill(hours);
    }
    assert.equal(await admin.getByText(/urgent/i).count(), 0, "the editor says Critical, not Urgent");

    for (const name of ["Check", "Fix"]) {
      await admin.getByRole("button", { name: "Add step" }).click();
      await admin.getByLabel("Step name").fill(name);
      await admin.getByLabel("Role", { exact: true }).selectOption("Agent");
    }
    // Check → Fix by dropping the drag on Fix's body, away from its handles.
    const check = admin.locator(".react-flow__node", { hasText: "Check" });
    const fix = admin.locator(".react-flow__node", { hasText: "Fix" });
    await fix.waitFor();
    await admin.waitForTimeout(500); // the graph fits its view after a step is added
    const body = await fix.locator(".wf-node-text").boundingBox();
    const handle = await fix.locator(".react-flow__handle.target").boundingBox();
    const gap = Math.hypot(body.x + body.width / 2 - (handle.x + handle.width / 2), body.y + body.height / 2 - (handle.y + handle.height / 2));
    assert.ok(gap > 20, `the drop point is on the body, beyond React Flow's 20 px snap to a handle (${gap} px)`);
    await drag(admin, check.locator(".react-flow__handle.source"), fix.locator(".wf-node-text"));
    const rows = admin.getByTestId("transition-row");
    await rows.first().waitFor();
    assert.deepEqual(await rows.allInnerTexts().then((texts) => texts.map((text) => text.split("\t").slice(0, 3).map((cell) => cell.trim()))), [["Check", "Fix", "approve"]]);

    // No start, no end: the server refuses the deploy and says why.
    await admin.getByRole("button", { name: "Deploy", exact: true }).click();
    await admin.waitForURL(/\/admin\/workflows\/\d+$/);
    const id = Number(new URL(admin.url()).pathname.split("/").pop());
    const banner = admin.getByRole("alert").filter({ hasText: "The workflow cannot be deployed" });
    await banner.waitFor();
    const shown = await banner.getByRole("listitem").allInnerTexts();
    const refused = await api("POST", `${env.workflow}/workflows/${id}/deploy/`, { token: adminToken });
    assert.equal(refused.status, 400);
    assert.deepEqual(shown, refused.body.problems, "the page lists exactly the server's problems");
    assert.ok(shown.length >= 2, JSON.stringify(shown));
    assert.equal(await admin.getByText("Workflow deployed").count(), 0, "no 'deployed' toast beside the refusal");
    await admin.getByText("Draft", { exact: true }).first().waitFor();
    await noSeriousAxeViolations(admin, "the editor listing deploy problems");
    await screenshot(admin, "workflow-editor-problems");

    // A fresh load of the draft shows nothing stale.
    await admin.reload();
    await admin.getByRole("heading", { level: 1, name: `Broken ${RUN}` }).waitFor();
    assert.equal(await admin.getByText("The workflow cannot be deployed").count(), 0);
    await admin.context().close();
  });

  test("an escalated, held and resolved task reads in words: status, SLA outcome, badge, history", async () => {
    const workflow = await api("POST", `${env.workflow}/workflows/`, {
      token: adminToken,
      body: {
        name: `Laptop repair ${RUN}`,
        category: CATEGORY,
        department: "IT Department",
        end_logic: "",
        sla: { low: 172800, medium: 86400, high: 28800, urgent: 14400 },
        steps: [{ name: "Repair", role: "Agent", escalate_to: "Ticket Coordinator" }],
        transitions: [
          { from_step: null, to_step: "Repair", name: "start" },
          { from_step: "Repair", to_step: null, name: "resolve" },
        ],
      },
    });
    assert.equal(workflow.status, 201, JSON.stringify(workflow.body));
    const deployed = await api("POST", `${env.workflow}/workflows/${workflow.body.id}/deploy/`, { token: adminToken });
    assert.equal(deployed.status, 200, JSON.stringify(deployed.body));

    const created = await api("POST", `${env.tickets}/api/tickets/`, {
      token: adminToken,
      body: {
        subject: `Laptop will not boot (${RUN})`,
        description: "Black screen since this morning.",
        category: CATEGORY,
        department: "IT Department",
        priority: "Critical",
        employee: { first_name: "Grace", last_name: "Hopper", email: "grace@example.com", company_id: "C-7", department: "Engineering" },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const number = created.body.ticket_number;
    const task = await eventually(async () => {
      const found = (await api("GET", `${env.workflow}/tasks/?ticket_number=${number}`, { token: adminToken })).body?.results?.[0];
      return found?.status === "in_progress" && found;
    }, "the task at Repair");

    // The administrator escalates it (to the coordinator), holds it for the requester and resumes it.
    const escalated = await api("POST", `${env.workflow}/tasks/${task.id}/escalate/`, { token: adminToken, body: { reason: "Needs a senior look" } });
    assert.equal(escalated.status, 200, JSON.stringify(escalated.body));
    assert.equal(escalated.body.assignee.user_email, COORDINATOR);
    const held = await api("POST", `${env.workflow}/tasks/${task.id}/hold/`, { token: adminToken, body: { reason: "waiting for the requester" } });
    assert.equal(held.status, 200, JSON.stringify(held.body));
    const resumed = await api("POST", `${env.workflow}/tasks/${task.id}/resume/`, { token: adminToken });
    assert.equal(resumed.status, 200, JSON.stringify(resumed.body));

    // The coordinator resolves it from the task page: the button says where it leads.
    const page = await newPage(browser);
    await signIn(page, COORDINATOR, env.demoPassword);
    await page.goto(`/tasks/${task.id}`);
    await page.getByText("Escalated", { exact: true }).first().waitFor();
    const resolve = page.getByRole("button", { name: "Resolve → End" });
    await resolve.click();
    await page.getByLabel("Notes").fill("checked the laptop");
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.getByText("Task resolved").first().waitFor();
    assert.equal(await page.getByText("Task finished").count(), 0);

    const outcome = page.getByTestId("sla-outcome");
    await outcome.waitFor();
    assert.match(await outcome.innerText(), /^SLA (met, .+ early|met, right on time|missed by .+)$/);
    assert.equal(await page.locator(".task-badges").getByText("Escalated", { exact: true }).count(), 1);

    const ticket = page.getByRole("region", { name: "The ticket" });
    const status = await ticket.locator("dt", { hasText: /^Status$/ }).locator("xpath=following-sibling::dd[1]").innerText();
    assert.match(status, /^Resolved/, `the ticket card says ${status}`);

    const history = page.getByRole("list", { name: "History" });
    await history.getByText(/resolved → closed as Resolved: “checked the laptop”/).waitFor();
    const text = await history.innerText();
    for (const sentence of [
      "Ticket received from the help desk (Critical priority)",
      "Assigned to ",
      "Escalated to Ticket Coordinator by ",
      "Put on hold by ",
      ": waiting for the requester",
      "Resumed by ",
      "Dana Coordinator resolved → closed as Resolved: “checked the laptop”",
    ]) {
      assert.ok(text.includes(sentence), `the history says "${sentence}":\n${text}`);
    }
    assert.doesNotMatch(text, /task\.|sla\.|\bid:|user id|transition id/i, `no database words in the history:\n${text}`);
    assert.doesNotMatch(await page.locator(".task-page").innerText(), /task\.[a-z_]+|\bid: \d/, "no database words anywhere on the page");
    const done = await readTask(adminToken, task.id);
    assert.deepEqual([done.status, done.resolution], ["completed", "Resolved"]);
    await noSeriousAxeViolations(page, "the resolved task");
    await screenshot(page, "task-resolved-history", { fullPage: true });
    await page.context().close();
  });
});
