// Saved views, the requester card and snippets in the console, in headless Chromium against the running suite
// (issue 15 items 5-7). Dana (the coordinator, who holds new tasks at Triage) saves her inbox filtered to High
// under a name and finds it in the sidebar with its live count, which follows a new ticket; opening it from the
// dashboard brings the filters back. On one of two tickets from the same requester the task page's Requester card
// says "1 open of 1 other ticket" and links the other; in the comment box "/" and her shortcut offer her snippet,
// and Enter puts it in filled in with the requester's first name and the ticket number. axe-core checks the
// sidebar, the Save view dialog, the Requester card and the composer with its suggestions open.
// Run by hand: `cd frontend && node --test e2e/savedviews_snippets.browser.mjs` with CONSOLE_URL, AUTH_URL,
// WORKFLOW_URL and TICKET_MOCK_URL set to a running suite.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { api, env, eventually, launch, newPage, signIn, tokenFor } from "./browser.mjs";

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
const marker = `w${Date.now().toString(36)}`;
const requester = { first_name: "Grace", last_name: "Hopper", email: `grace.${marker}@example.com`, company_id: "C-7", department: "Engineering" };

async function ticket(token, subject, priority = "High") {
  const created = await api("POST", `${env.tickets}/api/tickets/`, {
    token,
    body: { subject, description: "Saved views walk.", category: "IT Support", sub_category: "Hardware", department: "IT Department", priority, employee: requester },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const number = created.body.ticket_number;
  return eventually(async () => {
    const found = (await api("GET", `${env.workflow}/tasks/?ticket_number=${number}`, { token })).body?.results?.[0];
    return found?.status === "in_progress" && found;
  }, `the task of ${number}`);
}

describe("saved views, the requester card and snippets", () => {
  let browser;
  let page;
  let adminToken;
  let danaToken;
  let tasks;

  before(async () => {
    browser = await launch();
    adminToken = await tokenFor(env.adminEmail, env.adminPassword);
    danaToken = await tokenFor(DANA, env.demoPassword);
    tasks = [await ticket(adminToken, `Walk ${marker} one`), await ticket(adminToken, `Walk ${marker} two`)];
    const snippet = await api("POST", `${env.workflow}/snippets/`, {
      token: danaToken,
      body: { title: `Walk greeting ${marker}`, shortcut: marker, body: "Hi {{requester_first_name}}, {{ticket_number}} is with me." },
    });
    assert.equal(snippet.status, 201, JSON.stringify(snippet.body));
    page = await newPage(browser);
    await signIn(page, DANA, env.demoPassword);
  });

  after(async () => {
    await browser?.close();
  });

  test("a view saved from the inbox sits in the sidebar with a live count and opens its filters again", async () => {
    await page.goto(`/inbox?search=${encodeURIComponent(`Walk ${marker}`)}&priority=High`);
    await page.getByRole("button", { name: "Save view" }).click();
    const dialog = page.getByRole("dialog", { name: "Save this view" });
    await dialog.getByText("Keeps: my tasks, status in_progress, priority High").waitFor();
    await noSeriousAxeViolations(page, "dialog[open]", "the Save view dialog");
    await dialog.getByLabel("Name").fill(`High ${marker}`);
    await dialog.getByRole("button", { name: "Save view" }).click();

    const sidebar = page.getByRole("group", { name: "Saved views" });
    const link = sidebar.getByRole("link", { name: `High ${marker} 2 tasks` });
    await link.waitFor();
    assert.equal(await link.getAttribute("aria-current"), "page");
    await noSeriousAxeViolations(page, ".saved-views", "the saved views in the sidebar");

    await ticket(adminToken, `Walk ${marker} three`);
    await sidebar.getByRole("link", { name: `High ${marker} 3 tasks` }).waitFor({ timeout: 45_000 });
    await page.goto("/dashboard");
    await sidebar.getByRole("link", { name: `High ${marker} 3 tasks` }).click();
    await page.waitForURL(/\/inbox\?/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get("priority"), "High");
    assert.equal(url.searchParams.get("search"), `Walk ${marker}`);
    await eventually(async () => (await page.getByTestId("task-row").count()) === 3, "the view's three tasks listed");
  });

  test("the task page shows the requester's other ticket and a snippet fills in from a / command", async () => {
    const [older, newer] = tasks;
    await page.goto(`/tasks/${newer.id}`);
    const card = page.getByRole("region", { name: "Requester" });
    await card.getByTestId("requester-summary").getByText(/open of \d+ other tickets?\./).waitFor();
    await card.getByRole("link", { name: older.ticket_number }).waitFor();
    assert.equal(await card.getByText(requester.email).count(), 1);
    await noSeriousAxeViolations(page, ".requester-context", "the Requester card");

    const box = page.getByLabel("Add a comment");
    await box.click();
    await box.pressSequentially(`Thanks. /${marker.slice(0, 4)}`);
    const options = page.getByRole("listbox", { name: "Snippets" });
    await options.getByRole("option", { name: new RegExp(`Walk greeting ${marker}`) }).waitFor();
    assert.equal(await box.getAttribute("aria-controls"), await options.getAttribute("id"));
    await noSeriousAxeViolations(page, ".composer", "the composer with its suggestions");
    while ((await options.getByRole("option", { selected: true }).textContent())?.includes(marker) !== true) await box.press("ArrowDown");
    await box.press("Enter");

    await eventually(async () => (await box.inputValue()) === `Thanks. Hi Grace, ${newer.ticket_number} is with me.`, "the filled-in snippet");
    assert.equal(await page.getByRole("listbox", { name: "Snippets" }).count(), 0);
  });
});
