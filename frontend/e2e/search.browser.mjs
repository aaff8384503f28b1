// Search in the console, in headless Chromium against the running suite (issue 15 item 1). Dana (the coordinator,
// who holds new tasks at Triage) types a word from a new ticket's description into the header's search box
// (#global-search) and presses Enter: the results page lists the task (its match in <mark>) and a comment on it,
// and a description carrying markup shows it as text. An agent who never held the task finds the comment
// (members read every ticket's comments) but not the task. On a phone the box stays in the one-row top bar.
// axe-core checks the header and the results page.
// Run by hand: `cd frontend && node --test e2e/search.browser.mjs` with CONSOLE_URL, AUTH_URL, WORKFLOW_URL,
// MESSAGING_URL and TICKET_MOCK_URL set to a running suite.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { api, env, eventually, launch, newPage, signIn, tokenFor } from "./browser.mjs";

const AXE = readFileSync(process.env.AXE_PATH || fileURLToPath(new URL("../node_modules/axe-core/axe.min.js", import.meta.url)), "utf8");
const MESSAGING = process.env.MESSAGING_URL || "http://127.0.0.1:8005";
const DANA = "coordinator@tts.local";
const AGENT = "agent1@tts.local";
const word = `zq${Date.now().toString(36)}`;

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

describe("search", () => {
  let browser;
  let task;

  before(async () => {
    browser = await launch();
    const admin = await tokenFor(env.adminEmail, env.adminPassword);
    const created = await api("POST", `${env.tickets}/api/tickets/`, {
      token: admin,
      body: {
        subject: `Printer <b>${word}</b> jammed`,
        description: `The ${word} printer on floor 3 <img src=x onerror=alert(1)> stopped.`,
        category: "IT Support",
        sub_category: "Hardware",
        department: "IT Department",
        priority: "Medium",
        employee: { first_name: "Grace", last_name: "Hopper", email: "grace@example.com", company_id: "C-7", department: "Engineering" },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const number = created.body.ticket_number;
    task = await eventually(async () => {
      const found = (await api("GET", `${env.workflow}/tasks/?ticket_number=${number}`, { token: admin })).body?.results?.[0];
      return found?.status === "in_progress" && found;
    }, `the task of ${number}`);
    const dana = await tokenFor(DANA, env.demoPassword);
    const comment = await api("POST", `${MESSAGING}/api/v1/comments/`, { token: dana, body: { ticket_id: number, content: `Reseated the ${word} tray.` } });
    assert.equal(comment.status, 201, JSON.stringify(comment.body));
  });

  after(async () => {
    await browser?.close();
  });

  test("the header box finds the task and the comment, the matches marked and markup shown as text", async () => {
    const page = await newPage(browser);
    await signIn(page, DANA, env.demoPassword);
    const box = page.locator("#global-search");
    await box.fill(word);
    await box.press("Enter");

    await page.getByRole("heading", { level: 1, name: `Search results for “${word}”` }).waitFor();
    const tasks = page.getByRole("region", { name: "Tasks (1)" });
    const link = tasks.getByRole("link", { name: new RegExp(task.ticket_number) });
    await link.waitFor();
    assert.equal(await tasks.locator("mark").first().textContent(), word);
    assert.equal(await tasks.locator("img, b").count(), 0, "markup from the ticket is text, not elements");
    assert.match(await tasks.textContent(), /<img src=x onerror=alert\(1\)>/);
    const comments = page.getByRole("region", { name: "Comments (1)" });
    await comments.getByText(/ commented$/).waitFor();
    assert.equal(await comments.locator("mark").first().textContent(), word);
    await noSeriousAxeViolations(page, "body", "the results page");

    await link.click();
    await page.waitForURL(`**/tasks/${task.id}`);
    await page.context().close();
  });

  test("an agent who never held the task finds the comment only; the box fits a phone's top bar", async () => {
    const page = await newPage(browser, { width: 375, height: 740 });
    await signIn(page, AGENT, env.demoPassword);
    const box = page.locator("#global-search");
    const bar = await page.locator(".topbar").boundingBox();
    const field = await box.boundingBox();
    assert.ok(field.width >= 60 && field.y >= bar.y && field.y + field.height <= bar.y + bar.height, `the box sits in the bar: ${JSON.stringify({ bar, field })}`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "no sideways scrolling");

    await box.fill(word);
    await box.press("Enter");
    await page.getByRole("region", { name: "Comments (1)" }).waitFor();
    await page.getByRole("region", { name: "Tasks (0)" }).getByText("No task matches").waitFor();
    await noSeriousAxeViolations(page, "body", "the results page on a phone");
    await page.context().close();
  });
});
