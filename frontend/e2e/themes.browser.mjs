// Both colour themes in a real browser against the running suite (issue 15 item 8), run by
// tests/e2e/test_console_themes.py. An agent whose system asks for dark colours (prefers-color-scheme emulated)
// and an administrator who picks Dark with the header's toggle walk every page; axe finds no serious or critical
// violation on any of them (colour contrast included). Also: the stored choice is on screen before any of the
// console's scripts run (no light flash), Light overrides a dark system, and the charts and the workflow graph follow.
// Run by hand: `cd frontend && node --test e2e/themes.browser.mjs` with CONSOLE_URL, AUTH_URL, TICKET_MOCK_URL and
// WORKFLOW_URL set for a running suite; SCREENSHOT_DIR keeps screenshots of the dark pages (docs/screenshots/dark-*.png).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { api, env, eventually, launch, newPage, screenshot, signIn, tokenFor } from "./browser.mjs";

const AXE_PATH = process.env.AXE_PATH || fileURLToPath(new URL("../node_modules/axe-core/axe.min.js", import.meta.url));
const AXE = readFileSync(AXE_PATH, "utf8");
const BLOCKING = new Set(["serious", "critical"]);
const ROLE = "Ticket Coordinator";
const AGENT = "coordinator@tts.local";
const RUN = Date.now().toString(36);
const DARK_BG = "rgb(15, 20, 28)"; // --bg of the dark palette (styles/app.css)
const LIGHT_BG = "rgb(245, 247, 251)"; // --bg of the light one

/** Runs axe on the page as it is now; returns its serious and critical violations, one line each, and prints the rest. */
async function audit(page, where) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const { violations: found } = await window.axe.run(document, { resultTypes: ["violations"] });
    return found.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 3).map((node) => `${node.target.join(" ")} ${node.html.slice(0, 160)} ${node.failureSummary?.split("\n").slice(1, 2).join(" ") ?? ""}`),
      count: violation.nodes.length,
    }));
  });
  const lesser = violations.filter((violation) => !BLOCKING.has(violation.impact));
  const blocking = violations.filter((violation) => BLOCKING.has(violation.impact));
  console.log(`${where}: ${blocking.length} serious or critical, ${lesser.length} lesser${lesser.length ? ` (${lesser.map((v) => `${v.id}/${v.impact}`).join(", ")})` : ""}`);
  return blocking.map((violation) => `${where}: ${violation.impact} ${violation.id} (${violation.help}) ×${violation.count} at ${violation.targets.join(" | ")}`);
}

/** Opens `path` inside the running console (history.pushState + popstate, as a link does) and lets it settle. */
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

/** The theme on screen: <html>'s data-theme (null when following the system) and the page's background colour. */
function shown(page) {
  return page.evaluate(() => ({ choice: document.documentElement.dataset.theme ?? null, background: getComputedStyle(document.body).backgroundColor }));
}

describe("both themes, axe on every page", () => {
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
        subject: `Theme pass (${RUN})`,
        description: "A task for every page to show, in both themes.",
        category: "IT Support",
        sub_category: "Access",
        department: "IT Department",
        priority: "Critical",
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

  test("a dark system: an agent's every page is dark and axe-clean; Light overrides it; a stored choice shows before any script", async () => {
    const found = [];
    const page = await newPage(browser);
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("/login");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    assert.deepEqual(await shown(page), { choice: null, background: DARK_BG }, "the system's dark setting, with no choice made");
    assert.ok(await page.getByRole("radio", { name: "System" }).isChecked(), "System is the choice until one is made");
    assert.equal(await page.locator(".theme-menu-button").isVisible(), false, "the phone's theme button stays folded away on a laptop");
    found.push(...(await audit(page, "dark system: sign-in")));
    await screenshot(page, "dark-sign-in");
    await signIn(page, AGENT, env.demoPassword);
    for (const [path, where] of [
      ["/inbox", "inbox"],
      [`/tasks/${taskId}`, "task"],
      ["/dashboard", "dashboard"],
      ["/notifications", "notifications"],
    ]) {
      await open(page, path);
      assert.equal((await shown(page)).background, DARK_BG, `${where} is dark`);
      found.push(...(await audit(page, `dark system: agent ${where}`)));
      if (where === "task") await screenshot(page, "dark-task", { fullPage: true });
    }

    // Light wins over the system's dark, at once, and is remembered across a reload.
    await page.getByRole("group", { name: "Theme" }).getByRole("radio", { name: "Light" }).check();
    assert.deepEqual(await shown(page), { choice: "light", background: LIGHT_BG });
    assert.equal(await page.evaluate(() => window.localStorage.getItem("tts.theme")), "light");
    await page.reload();
    await page.locator("main h1").first().waitFor();
    assert.deepEqual(await shown(page), { choice: "light", background: LIGHT_BG }, "the choice survives a reload");
    found.push(...(await audit(page, "light over a dark system: agent notifications")));

    // No flash: with every script of the console refused, the stored choice is still on screen (index.html's own).
    await page.evaluate(() => window.localStorage.setItem("tts.theme", "dark"));
    await page.emulateMedia({ colorScheme: "light" });
    await page.route(/\/assets\/.*\.js$|\/src\/.*\.tsx?$/, (route) => route.abort());
    await page.goto("/login");
    await page.waitForLoadState("load");
    assert.deepEqual(await shown(page), { choice: "dark", background: DARK_BG }, "the stored Dark choice applies before the console's scripts");
    await page.context().close();

    const phone = await newPage(browser, { width: 390, height: 844 });
    await phone.emulateMedia({ colorScheme: "dark" });
    await signIn(phone, AGENT, env.demoPassword);
    await open(phone, "/inbox");
    found.push(...(await audit(phone, "dark system: agent phone inbox")));
    await screenshot(phone, "dark-phone");
    // A phone's top bar has room for one theme button, not the three choices: Sign out stays on screen.
    const signOut = await phone.getByRole("button", { name: "Sign out" }).boundingBox();
    assert.ok(signOut && signOut.x + signOut.width <= 390, `Sign out inside a 390 px screen (${JSON.stringify(signOut)})`);
    const themeButton = phone.getByRole("button", { name: "Theme: System" });
    await themeButton.click();
    await phone.getByRole("radio", { name: "Dark" }).waitFor();
    found.push(...(await audit(phone, "dark system: agent phone theme choices open")));
    await phone.keyboard.press("Escape");
    assert.equal(await themeButton.getAttribute("aria-expanded"), "false");
    await phone.getByRole("button", { name: "Menu" }).click();
    await phone.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).waitFor();
    found.push(...(await audit(phone, "dark system: agent phone menu")));
    await phone.context().close();
    assert.deepEqual(found, [], "serious or critical axe violations in the dark theme");
  });

  test("Dark chosen with the toggle: an administrator's every page is dark and axe-clean; the charts and the graph follow", async () => {
    const found = [];
    const page = await newPage(browser);
    await page.emulateMedia({ colorScheme: "light" });
    await signIn(page, env.adminEmail, env.adminPassword);
    assert.equal((await shown(page)).background, LIGHT_BG, "a light system shows the light theme");
    const toggle = page.getByRole("banner").getByRole("group", { name: "Theme" });
    await toggle.getByRole("radio", { name: "Dark" }).check();
    assert.deepEqual(await shown(page), { choice: "dark", background: DARK_BG });
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
      assert.equal((await shown(page)).background, DARK_BG, `${where} is dark`);
      if (where === "dashboard") {
        // The charts draw in the theme's colours: an axis label in the dark palette's --muted.
        const tick = await page.locator(".recharts-cartesian-axis-tick-value").first().evaluate((node) => getComputedStyle(node).fill);
        assert.equal(tick, "rgb(164, 174, 194)", "the chart's axis labels follow the theme");
      }
      if (where === "workflow editor") {
        assert.ok(await page.locator(".react-flow.dark").count(), "React Flow draws in its dark colour mode");
      }
      found.push(...(await audit(page, `dark chosen: admin ${where}`)));
      if (["inbox", "dashboard", "workflow editor"].includes(where)) await screenshot(page, `dark-${where.replace(" ", "-")}`);
    }
    await page.context().close();
    assert.deepEqual(found, [], "serious or critical axe violations in the dark theme");
  });
});
