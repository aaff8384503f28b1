// The console's main flow in a real browser against the running suite (`make run`'s processes on real
// PostgreSQL, RabbitMQ and Redis): an administrator builds and deploys a workflow in the editor; a ticket
// is injected through ticket_mock; the assigned person, already signed in, sees it arrive in the inbox
// and the bell without a reload; they comment while a second browser on the same task sees the comment
// arrive live; they walk it to Resolved; the ticket at ticket_mock then reads Resolved.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { api, env, eventually, launch, newPage, screenshot, signIn, tokenFor } from "./browser.mjs";

const RUN = Date.now().toString(36);
const CATEGORY = `Browser walk ${RUN}`;
const WORKFLOW = `Laptop hand-over ${RUN}`;
// The step's role has one member in the demo data (assets@tts.local), so the test knows who is assigned.
const ROLE = "Asset Manager";
const ASSIGNEE = "assets@tts.local";

describe("the agent console, end to end", () => {
  let browser;
  let admin; // the administrator's page
  let agent; // the assigned person's page
  let adminToken;
  let ticketNumber;
  let taskId;

  before(async () => {
    browser = await launch();
    adminToken = await tokenFor(env.adminEmail, env.adminPassword);
    // auth's roles reach workflow_api's replica over the queue; wait for the step's role to have its member.
    await eventually(async () => {
      const roles = (await api("GET", `${env.workflow}/roles/?name=${encodeURIComponent(ROLE)}`, { token: adminToken })).body;
      return roles?.results?.some((role) => role.members.some((member) => member.user_email === ASSIGNEE));
    }, `${ROLE} in workflow_api's replica`);
  });

  after(async () => {
    await browser?.close();
  });

  test("the sign-in page refuses a wrong password and names the problem", async () => {
    const page = await newPage(browser);
    await page.goto("/inbox");
    await page.getByLabel("Email").fill(env.adminEmail);
    await page.getByLabel("Password").fill("not the password");
    await screenshot(page, "sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "not right" }).waitFor();
    await page.context().close();
  });

  test("an administrator builds a workflow in the editor and deploys it", async () => {
    admin = await newPage(browser);
    await signIn(admin, env.adminEmail, env.adminPassword);
    await admin.getByRole("link", { name: "Workflows" }).click();
    await admin.getByRole("link", { name: "New workflow" }).or(admin.getByRole("button", { name: "New workflow" })).first().click();
    await admin.getByLabel("Name", { exact: true }).fill(WORKFLOW);
    await admin.getByLabel("Category", { exact: true }).fill(CATEGORY);
    await admin.getByLabel("Department", { exact: true }).fill("Asset Department");
    for (const [bucket, hours] of [["Low", "72"], ["Medium", "48"], ["High", "24"], ["Critical", "4"]]) {
      await admin.getByLabel(`${bucket} SLA (hours)`).fill(hours);
    }
    await admin.getByRole("button", { name: "Add step" }).click();
    await admin.getByLabel("Step name").fill("Hand over");
    await admin.getByLabel("Role", { exact: true }).selectOption(ROLE);
    for (const [from, to, name, notes] of [["Start", "Hand over", "start", false], ["Hand over", "End", "resolve", false], ["Hand over", "End", "reject", true]]) {
      await admin.getByLabel("From", { exact: true }).selectOption(from);
      await admin.getByLabel("To", { exact: true }).selectOption(to);
      await admin.getByLabel("Transition name").fill(name);
      await admin.getByLabel("Requires notes").setChecked(notes);
      await admin.getByRole("button", { name: "Add transition" }).click();
    }
    await admin.getByRole("button", { name: "Save", exact: true }).click();
    await admin.waitForURL(/\/admin\/workflows\/\d+$/);
    await screenshot(admin, "workflow-editor", { fullPage: true });
    await admin.getByRole("button", { name: "Deploy", exact: true }).click();
    await admin.getByText("deployed", { exact: false }).first().waitFor();

    const workflows = (await api("GET", `${env.workflow}/workflows/?category=${encodeURIComponent(CATEGORY)}`, { token: adminToken })).body;
    assert.equal(workflows.count, 1);
    const [workflow] = workflows.results;
    assert.equal(workflow.status, "deployed");
    assert.deepEqual(workflow.steps.map((step) => [step.name, step.role]), [["Hand over", ROLE]]);
    assert.deepEqual(workflow.transitions.map((transition) => transition.name).sort(), ["reject", "resolve", "start"]);
  });

  test("a ticket injected through ticket_mock appears in the signed-in person's inbox and bell without a reload", async () => {
    agent = await newPage(browser);
    await signIn(agent, ASSIGNEE, env.demoPassword);
    await agent.getByRole("heading", { name: "My tasks" }).waitFor();
    const unreadBefore = await unreadCount(agent);

    const created = await api("POST", `${env.tickets}/api/tickets/`, {
      token: adminToken,
      body: {
        subject: `Browser walk: new laptop for Grace (${RUN})`,
        description: "The old one has a cracked screen.",
        category: CATEGORY,
        sub_category: "New Laptop",
        department: "Asset Department",
        priority: "High",
        employee: { first_name: "Grace", last_name: "Hopper", email: "grace@example.com", company_id: "C-7", department: "Engineering" },
        asset_name: "ThinkPad X1",
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    ticketNumber = created.body.ticket_number;

    const row = agent.locator(`[data-testid="task-row"][data-ticket="${ticketNumber}"]`);
    await row.waitFor({ timeout: 60_000 });
    assert.match(await row.innerText(), /Hand over/);
    await eventually(async () => (await unreadCount(agent)) > unreadBefore, "the bell to count the new assignment", 60_000);
    await screenshot(agent, "inbox");

    await agent.getByTestId("bell").click();
    await agent.getByTestId("notification").filter({ hasText: ticketNumber }).first().waitFor();
    await screenshot(agent, "notifications");
    await agent.getByTestId("notification").filter({ hasText: ticketNumber }).first().getByRole("link").click();
    await agent.waitForURL(/\/tasks\/\d+$/);
    taskId = Number(agent.url().split("/").pop());
  });

  test("a comment reaches a second browser on the same task live", async () => {
    await admin.goto(`/tasks/${taskId}`);
    await admin.getByLabel("Add a comment").waitFor();
    await agent.getByLabel("Add a comment").waitFor();
    const text = `Laptop is being imaged, ready tomorrow (${RUN})`;
    await agent.getByLabel("Add a comment").fill(text);
    await agent.getByRole("button", { name: "Post comment" }).click();
    await admin.getByTestId("comment").filter({ hasText: text }).waitFor({ timeout: 15_000 });
    await agent.getByTestId("comment").filter({ hasText: text }).waitFor();
    await screenshot(agent, "task", { fullPage: true });
  });

  test("the assigned person walks the task to Resolved and the help desk is told", async () => {
    await agent.getByRole("button", { name: /resolve/i }).first().click();
    await agent.getByRole("button", { name: "Confirm" }).click();
    await agent.getByText("Resolved").first().waitFor();
    const task = (await api("GET", `${env.workflow}/tasks/${taskId}/`, { token: adminToken })).body;
    assert.equal(task.status, "completed");
    assert.equal(task.resolution, "Resolved");
    await eventually(
      async () => (await api("GET", `${env.tickets}/api/tickets/${ticketNumber}/`, { token: adminToken })).body.status === "Resolved",
      "ticket_mock to read Resolved",
    );
  });

  test("the dashboard, users and intake pages load for an administrator", async () => {
    for (const [link, heading, name] of [["Dashboard", "Dashboard", "dashboard"], ["Users & roles", /Users/, "users"], ["Intake", /Intake|Unmatched/, "intake"]]) {
      await admin.getByRole("link", { name: link }).click();
      await admin.getByRole("heading", { name: heading }).first().waitFor();
      assert.equal(await admin.getByRole("alert").count(), 0, `${link} shows an error`);
      await screenshot(admin, name, { fullPage: name === "dashboard" });
    }
  });

  test("the console is usable on a phone", async () => {
    const phone = await newPage(browser, { width: 390, height: 844 });
    await signIn(phone, ASSIGNEE, env.demoPassword);
    await phone.getByRole("button", { name: "Menu" }).click();
    await phone.getByRole("link", { name: "Notifications", exact: true }).click();
    await phone.getByRole("heading", { name: "Notifications" }).waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`);
    await screenshot(phone, "phone");
    await phone.context().close();
  });
});

async function unreadCount(page) {
  const badge = page.getByTestId("bell-count");
  if (!(await badge.count())) return 0;
  return Number((await badge.innerText()).replace("+", ""));
}
