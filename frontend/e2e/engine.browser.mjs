// Issue 13 in a real browser against the running suite: an administrator builds a workflow with a
// business-hours calendar and a 2-of-3 approval step in the editor and deploys it; a ticket arrives;
// three agents approve, reject and approve on the task page while the tally follows; the task moves on
// to its next step, whose assignee holds it (the reason asked in the dialog, the banner shown) and
// resumes it from the task page, then resolves it and sees the SLA outcome.
// Run by hand: `cd frontend && node --test e2e/engine.browser.mjs` with CONSOLE_URL, AUTH_URL,
// WORKFLOW_URL and TICKET_MOCK_URL set to a running suite (tests/e2e/test_console_engine.py does so).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { api, env, eventually, launch, newPage, screenshot, signIn, tokenFor } from "./browser.mjs";

// With AXE_PATH set to axe-core's axe.min.js (not a dependency of the console), each page below is also
// checked for serious or critical axe violations.
const AXE = process.env.AXE_PATH ? readFileSync(process.env.AXE_PATH, "utf8") : null;

async function noSeriousAxeViolations(page, where) {
  if (!AXE) return;
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ["violations"] });
    return violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(" | ")}`);
  });
  assert.deepEqual(found, [], `${where}: serious axe violations`);
}

const RUN = Date.now().toString(36);
const CATEGORY = `Engine walk ${RUN}`;
const WORKFLOW = `Purchase approval ${RUN}`;
const AGENTS = ["agent1@tts.local", "agent2@tts.local", "agent3@tts.local"]; // the demo's Agent role: exactly these three
const FULFILLER = "assets@tts.local"; // the only Asset Manager
const CALENDAR = {
  timezone: "Asia/Manila",
  hours: {
    mon: [["09:00", "17:00"]],
    tue: [["09:00", "17:00"]],
    wed: [["09:00", "17:00"]],
    thu: [["09:00", "17:00"]],
    fri: [["09:00", "17:00"]],
    sat: [["09:00", "12:00"]],
    sun: [],
  },
  holidays: ["2026-12-25"],
};

/** The task as the administrator reads it from workflow_api. */
const readTask = async (token, id) => (await api("GET", `${env.workflow}/tasks/${id}/`, { token })).body;

describe("the workflow engine in the console", () => {
  let browser;
  let adminToken;
  let taskId;

  before(async () => {
    browser = await launch();
    adminToken = await tokenFor(env.adminEmail, env.adminPassword);
    await eventually(async () => {
      const roles = (await api("GET", `${env.workflow}/roles/?page_size=200`, { token: adminToken })).body?.results ?? [];
      const members = (name) => (roles.find((role) => role.name === name)?.members ?? []).filter((member) => member.is_active).map((member) => member.user_email);
      return AGENTS.every((email) => members("Agent").includes(email)) && members("Asset Manager").includes(FULFILLER);
    }, "the Agent and Asset Manager roles in workflow_api's replica");
  });

  after(async () => {
    await browser?.close();
  });

  test("an administrator builds a business-hours, 2-of-3 approval workflow in the editor and deploys it", async () => {
    const admin = await newPage(browser);
    await signIn(admin, env.adminEmail, env.adminPassword);
    await admin.goto("/admin/workflows/new");
    await admin.getByLabel("Name", { exact: true }).fill(WORKFLOW);
    await admin.getByLabel("Category", { exact: true }).fill(CATEGORY);
    await admin.getByLabel("Department", { exact: true }).fill("Budget Department");
    for (const [bucket, hours] of [["Low", "40"], ["Medium", "24"], ["High", "8"], ["Critical", "4"]]) {
      await admin.getByLabel(`${bucket} SLA (hours)`).fill(hours);
    }

    // Business hours: Manila, Mon-Fri 09:00-17:00 (the form's start), Saturday mornings, Christmas off.
    const calendar = admin.getByTestId("calendar-form");
    await calendar.getByLabel("Business hours only").check();
    await calendar.getByLabel("Time zone").fill("Asia/Manila");
    await calendar.getByRole("button", { name: "Add hours on Saturday" }).click();
    await calendar.getByLabel("Saturday interval 1 closes").fill("12:00");
    await calendar.getByRole("button", { name: "Add holiday" }).click();
    await calendar.getByLabel("Holiday 1").fill("2026-12-25");
    for (const control of await calendar.locator("input, select, button").all()) {
      const named = await control.evaluate((element) => Boolean(element.getAttribute("aria-label") || element.labels?.length || element.textContent?.trim()));
      assert.ok(named, `a calendar control has no accessible name: ${await control.evaluate((element) => element.outerHTML)}`);
    }

    // Review: three agents decide, two approvals pass it. Fulfil: the asset manager.
    await admin.getByRole("button", { name: "Add step" }).click();
    await admin.getByLabel("Step name").fill("Review");
    await admin.getByLabel("Role", { exact: true }).selectOption("Agent");
    await admin.getByLabel("People who must decide").fill("3");
    await admin.getByLabel("Approvals needed").fill("4");
    await admin.getByText("Approvals needed (4) cannot be more than the people who must decide (3).").waitFor();
    await admin.getByLabel("Approvals needed").fill("2");
    assert.equal(await admin.getByLabel("Approval transition").inputValue(), "approve");
    assert.equal(await admin.getByLabel("Rejection transition").inputValue(), "reject");
    await admin.getByRole("button", { name: "Add step" }).click();
    await admin.getByLabel("Step name").fill("Fulfil");
    await admin.getByLabel("Role", { exact: true }).selectOption("Asset Manager");
    assert.equal(await admin.getByLabel("Approval transition").count(), 0, "the transition names show only when several decide");
    for (const [from, to, name, notes] of [
      ["Start", "Review", "start", false],
      ["Review", "Fulfil", "approve", false],
      ["Review", "End", "reject", true],
      ["Fulfil", "End", "resolve", false],
    ]) {
      await admin.getByLabel("From", { exact: true }).selectOption(from);
      await admin.getByLabel("To", { exact: true }).selectOption(to);
      await admin.getByLabel("Transition name").fill(name);
      await admin.getByLabel("Requires notes").setChecked(notes);
      await admin.getByRole("button", { name: "Add transition" }).click();
    }
    await admin.getByRole("button", { name: /Edit step\s+Review/ }).click();
    await noSeriousAxeViolations(admin, "the editor with business hours and a 2-of-3 step");
    await admin.getByRole("button", { name: "Save", exact: true }).click();
    await admin.waitForURL(/\/admin\/workflows\/\d+$/);
    await admin.getByRole("button", { name: "Deploy", exact: true }).click();
    await admin.getByText("Workflow deployed").waitFor();
    await screenshot(admin, "workflow-editor-engine", { fullPage: true });

    const workflows = (await api("GET", `${env.workflow}/workflows/?category=${encodeURIComponent(CATEGORY)}`, { token: adminToken })).body;
    assert.equal(workflows.count, 1);
    const [workflow] = workflows.results;
    assert.equal(workflow.status, "deployed");
    assert.deepEqual(workflow.calendar, CALENDAR);
    const review = workflow.steps.find((step) => step.name === "Review");
    assert.deepEqual([review.assignees, review.approvals_required, review.approve_transition, review.reject_transition], [3, 2, "approve", "reject"]);
    await admin.context().close();
  });

  test("three agents approve, reject and approve on the task page; the tally follows and the task moves on", async () => {
    const created = await api("POST", `${env.tickets}/api/tickets/`, {
      token: adminToken,
      body: {
        subject: `Engine walk: 12 monitors (${RUN})`,
        description: "For the new team.",
        category: CATEGORY,
        sub_category: "Purchase Order",
        department: "Budget Department",
        priority: "High",
        employee: { first_name: "Grace", last_name: "Hopper", email: "grace@example.com", company_id: "C-7", department: "Engineering" },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const number = created.body.ticket_number;
    const task = await eventually(async () => {
      const page = (await api("GET", `${env.workflow}/tasks/?ticket_number=${number}`, { token: adminToken })).body;
      const found = page?.results?.[0];
      return found?.status === "in_progress" && found.assignees?.length === 3 && found;
    }, "the task at Review with three assignees");
    taskId = task.id;

    const votes = [
      [AGENTS[0], "approve", "Needed for the new team", "Your approval is recorded", "2 of 3 approvals needed · 1 approved · 0 rejected"],
      [AGENTS[1], "reject", "Too expensive this quarter", "Your rejection is recorded", "2 of 3 approvals needed · 1 approved · 1 rejected"],
      [AGENTS[2], "approve", "Priced fairly", "Task moved to Fulfil", null],
    ];
    for (const [email, decision, notes, toast, tally] of votes) {
      const page = await newPage(browser);
      await signIn(page, email, env.demoPassword);
      await page.goto(`/tasks/${taskId}`);
      await page.getByTestId("approval-tally").waitFor();
      await page.getByRole("button", { name: new RegExp(`^${decision} →`, "i") }).click();
      await page.getByLabel("Notes").fill(notes);
      await page.getByRole("button", { name: "Confirm" }).click();
      await page.getByText(toast).first().waitFor();
      if (tally) {
        await page.getByTestId("approval-tally").getByText(tally).waitFor();
        assert.equal(await page.getByTestId("transition-button").count(), 0, `${email} may not vote twice`);
        if (email === AGENTS[1]) {
          await screenshot(page, "task-approval", { fullPage: true });
          await noSeriousAxeViolations(page, "the task page with the approval tally");
        }
      }
      await page.context().close();
    }

    const moved = await readTask(adminToken, taskId);
    assert.equal(moved.current_step.name, "Fulfil");
    assert.deepEqual(moved.approvals.map((vote) => [vote.user_email, vote.decision, vote.notes]), [
      [AGENTS[0], "approve", "Needed for the new team"],
      [AGENTS[1], "reject", "Too expensive this quarter"],
      [AGENTS[2], "approve", "Priced fairly"],
    ]);
    assert.equal(moved.assignee.user_email, FULFILLER);
  });

  test("the next assignee holds the task with a reason, resumes it, resolves it and sees the SLA outcome", async () => {
    const page = await newPage(browser);
    await signIn(page, FULFILLER, env.demoPassword);
    await page.goto(`/tasks/${taskId}`);
    const votes = page.getByTestId("approval-tally").getByTestId("approval-vote");
    await votes.first().waitFor();
    assert.equal(await votes.count(), 3);

    await page.getByRole("button", { name: "Hold", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Put this task on hold" });
    await dialog.getByLabel("Reason").waitFor();
    await noSeriousAxeViolations(page, "the Hold dialog");
    await dialog.getByLabel("Reason").fill("Waiting for the supplier's quote");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    const banner = page.getByTestId("hold-banner");
    await banner.waitFor();
    assert.match(await banner.innerText(), /On hold since .+: Waiting for the supplier's quote/);
    const held = await readTask(adminToken, taskId);
    assert.deepEqual([held.status, held.hold_reason], ["on_hold", "Waiting for the supplier's quote"]);
    await screenshot(page, "task-on-hold");
    await noSeriousAxeViolations(page, "the held task");

    // My tasks filtered to On hold lists it, saying On hold instead of a countdown.
    await page.goto("/inbox?status=on_hold");
    const row = page.locator(`[data-testid="task-row"][data-ticket="${held.ticket_number}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /On hold/);
    await noSeriousAxeViolations(page, "My tasks filtered to On hold");

    await page.goto(`/tasks/${taskId}`);
    await page.getByRole("button", { name: "Resume", exact: true }).click();
    await page.getByText("Task resumed").first().waitFor();
    await banner.waitFor({ state: "detached" });
    assert.equal((await readTask(adminToken, taskId)).status, "in_progress");

    await page.getByRole("button", { name: /^resolve →/i }).click();
    await page.getByRole("button", { name: "Confirm" }).click();
    const outcome = page.getByTestId("sla-outcome");
    await outcome.waitFor();
    assert.match(await outcome.innerText(), /^SLA met, .+ early$|^SLA met, right on time$/);
    await page.getByTestId("resolution-time").getByText(/of business hours/).waitFor();
    await noSeriousAxeViolations(page, "the closed task with its SLA outcome");
    const done = await readTask(adminToken, taskId);
    assert.deepEqual([done.status, done.resolution, done.sla_met], ["completed", "Resolved", true]);
    await page.context().close();
  });

  test("the dashboard shows the share of SLAs met for the workflow", async () => {
    const admin = await newPage(browser);
    await signIn(admin, env.adminEmail, env.adminPassword);
    await admin.goto("/dashboard");
    const panel = admin.getByTestId("sla-met");
    await panel.getByRole("row", { name: new RegExp(`^${WORKFLOW} 1 of 1 100%$`) }).waitFor();
    await noSeriousAxeViolations(admin, "the dashboard with SLA met");
    await admin.context().close();
  });
});
