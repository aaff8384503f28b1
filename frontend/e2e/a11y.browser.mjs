// axe-core over every page of the console in a real browser against the running suite (issue 14),
// run by tests/e2e/test_console_a11y.py: as an agent (sign-in, inbox, a task, dashboard, notifications, the
// phone menu) and as an administrator (inbox, all tasks, a task, dashboard, notifications, users, intake,
// workflows, the workflow editor new and saved, webhooks). No page may have a serious or critical violation;
// the lesser ones are printed. Then, on a phone (320, 360, 390 px), none of the administrator's pages
// scrolls sideways and the header's search box stays in the one-row top bar.
// axe-core is a dev dependency: AXE_PATH defaults to node_modules' axe.min.js.
// Run by hand: `cd frontend && node --test e2e/a11y.browser.mjs` with CONSOLE_URL, AUTH_URL, TICKET_MOCK_URL
// and WORKFLOW_URL set for a running suite.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { api, env, eventually, launch, newPage, signIn, tokenFor } from "./browser.mjs";

const AXE_PATH = process.env.AXE_PATH || fileURLToPath(new URL("../node_modules/axe-core/axe.min.js", import.meta.url));
const AXE = readFileSync(AXE_PATH, "utf8");
const BLOCKING = new Set(["serious", "critical"]);
const ROLE = "Ticket Coordinator";
const AGENT = "coordinator@tts.local";
const RUN = Date.now().toString(36);

/** Runs axe on the page as it is now; returns its serious and critical violations, one line each, and prints the rest. */
async function audit(page, where) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const { violations: found } = await window.axe.run(document, { resultTypes: ["violations"] });
    return found.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 3).map((node) => `${node.target.join(" ")} ${node.html.slice(0, 160)}`),
      count: violation.nodes.length,
    }));
  });
  const lesser = violations.filter((violation) => !BLOCKING.has(violation.impact));
  const blocking = violations.filter((violation) => BLOCKING.has(violation.impact));
  console.log(`${where}: ${blocking.length} serious or critical, ${lesser.length} lesser${lesser.length ? ` (${lesser.map((v) => `${v.id}/${v.impact}`).join(", ")})` : ""}`);
  return blocking.map((violation) => `${where}: ${violation.impact} ${violation.id} (${violation.help}) ×${violation.count} at ${violation.targets.join(" | ")}`);
}

/**
 * Opens `path` inside the running console (the router follows history.pushState and popstate, as a link would,
 * so the page is not reloaded) and waits for its main heading and for its first reads to settle.
 */
async function open(page, path) {
  await page.evaluate((target) => {
    window.history.pushState({}, "", target);
    window.dispatchEvent(new PopStateEvent("popstate"));
  }, path);
  await page.waitForURL((url) => url.pathname === path);
  await page.locator("main h1").first().waitFor({ timeout: 30_000 });
  await page.locator(".state-loading").first().waitFor({ state: "detached", timeout: 30_000 }).catch(() => undefined);
  await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(500);
}

describe("axe over every page", () => {
  let browser;
  let adminToken;
  let taskId;

  before(async () => {
    browser = await launch();
    adminToken = await tokenFor(env.adminEmail, env.adminPassword);
    await eventually(async () => {
      const roles = (await api("GET", `${env.workflow}/roles/?name=${encodeURIComponent(ROLE)}`, { token: adminToken })).body;
      return roles?.results?.some((role) => role.members?.some((member) => member.user_email === AGENT));
    }, `workflow_api's replica of ${ROLE} to have its member`);
    const created = await api("POST", `${env.tickets}/api/tickets/`, {
      token: adminToken,
      body: {
        subject: `Accessibility pass (${RUN})`,
        description: "A task for every page to show.",
        category: "IT Support",
        sub_category: "Access",
        department: "IT Department",
        priority: "High",
        employee: { first_name: "Ada", last_name: "Lovelace", email: "ada@example.com", company_id: "C-1", department: "Engineering" },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const number = created.body.ticket_number;
    taskId = await eventually(async () => {
      const page = (await api("GET", `${env.workflow}/tasks/?ticket_number=${number}`, { token: adminToken })).body;
      return page?.results?.[0]?.assignee ? page.results[0].id : null;
    }, "the task assigned");
  });

  after(async () => {
    await browser?.close();
  });

  test("as an agent: sign-in, inbox, a task, dashboard, notifications, the phone menu", async () => {
    const found = [];
    const page = await newPage(browser);
    await page.goto("/login");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    found.push(...(await audit(page, "sign-in")));
    await signIn(page, AGENT, env.demoPassword);
    for (const [path, where] of [
      ["/inbox", "inbox"],
      [`/tasks/${taskId}`, "task"],
      ["/dashboard", "dashboard"],
      ["/notifications", "notifications"],
    ]) {
      await open(page, path);
      found.push(...(await audit(page, `agent ${where}`)));
    }
    await page.context().close();

    const phone = await newPage(browser, { width: 390, height: 844 });
    await signIn(phone, AGENT, env.demoPassword);
    await open(phone, "/inbox");
    found.push(...(await audit(phone, "agent phone inbox")));
    await phone.getByRole("button", { name: "Menu" }).click();
    await phone.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).waitFor();
    found.push(...(await audit(phone, "agent phone menu")));
    await phone.context().close();
    assert.deepEqual(found, [], "serious or critical axe violations");
  });

  test("as an administrator: every page, the workflow editor new and saved included", async () => {
    const found = [];
    const page = await newPage(browser);
    await signIn(page, env.adminEmail, env.adminPassword);
    const workflows = (await api("GET", `${env.workflow}/workflows/?page_size=1`, { token: adminToken })).body;
    const workflowId = workflows?.results?.[0]?.id;
    assert.ok(workflowId, "a workflow to open in the editor");
    for (const [path, where] of [
      ["/inbox", "inbox"],
      ["/tasks", "all tasks"],
      [`/tasks/${taskId}`, "task"],
      ["/dashboard", "dashboard"],
      ["/notifications", "notifications"],
      ["/admin/users", "users"],
      ["/admin/intake", "intake"],
      ["/admin/workflows", "workflows"],
      [`/admin/workflows/${workflowId}`, "workflow editor"],
      ["/admin/workflows/new", "new workflow"],
      ["/admin/webhooks", "webhooks"],
    ]) {
      await open(page, path);
      found.push(...(await audit(page, `admin ${where}`)));
    }
    // The same pages on a phone: none scrolls sideways, and the search box stays in the one-row top bar.
    const tooWide = [];
    for (const path of ["/inbox", "/dashboard", "/admin/workflows", `/admin/workflows/${workflowId}`, "/admin/webhooks"]) {
      await page.setViewportSize({ width: 320, height: 740 });
      await open(page, path);
      for (const width of [320, 360, 390]) {
        await page.setViewportSize({ width, height: 740 });
        await page.waitForTimeout(150);
        const measured = await page.evaluate(() => {
          const topbar = document.querySelector(".topbar");
          const bar = topbar.getBoundingClientRect();
          const box = document.getElementById("global-search").getBoundingClientRect();
          return {
            page: document.documentElement.scrollWidth,
            box: Math.round(box.width),
            boxInside: box.left >= bar.left && box.right <= bar.right,
            barScrolls: topbar.scrollWidth > topbar.clientWidth,
          };
        });
        if (measured.page > width) tooWide.push(`${path} at ${width} px is ${measured.page} px wide`);
        if (measured.box < 60 || !measured.boxInside || measured.barScrolls) {
          tooWide.push(`${path} at ${width} px: top bar ${JSON.stringify(measured)}`);
        }
      }
    }
    await page.context().close();
    assert.deepEqual(found, [], "serious or critical axe violations");
    assert.deepEqual(tooWide, [], "pages wider than a phone");
  });
});
