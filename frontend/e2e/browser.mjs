// Headless Chromium (Debian's, driven by playwright-core) and small helpers for the console walk.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
// As this machine needs them: no sandbox as root, and no background calls to the outside world.
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

export const env = {
  console: process.env.CONSOLE_URL || "http://127.0.0.1:1000",
  auth: process.env.AUTH_URL || "http://127.0.0.1:8003",
  workflow: process.env.WORKFLOW_URL || "http://127.0.0.1:8002",
  tickets: process.env.TICKET_MOCK_URL || "http://127.0.0.1:8004",
  screenshots: process.env.SCREENSHOT_DIR || "",
  adminEmail: process.env.TTS_ADMIN_EMAIL || "admin@tts.local",
  adminPassword: process.env.TTS_ADMIN_PASSWORD || "TtsAdmin!2025",
  demoPassword: process.env.TTS_DEMO_PASSWORD || "TtsDemo!2025",
};

/** A fresh browser context (its own storage: its own signed-in person), laptop-sized unless told. */
export async function newPage(browser, viewport = { width: 1366, height: 860 }) {
  const context = await browser.newContext({ viewport, baseURL: env.console });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on("pageerror", (error) => console.error(`[page error] ${error.message}`));
  return page;
}

export async function signIn(page, email, password) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/**
 * Saves a screenshot of the page under SCREENSHOT_DIR (when set), for docs/screenshots: from the top,
 * once the charts have drawn, without the passing toasts; `fullPage` for the long pages.
 */
export async function screenshot(page, name, { fullPage = false } = {}) {
  if (!env.screenshots) return;
  mkdirSync(env.screenshots, { recursive: true });
  await page.waitForLoadState("networkidle").catch(() => undefined);
  const hideToasts = await page.addStyleTag({ content: ".toasts { display: none !important; }" });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(env.screenshots, `${name}.png`), fullPage });
  await hideToasts.evaluate((element) => element.remove());
}

/** JSON over HTTP to a service, as the test's own hands (injecting a ticket, looking a task up). */
export async function api(method, url, { token, body } = {}) {
  const response = await fetch(url, {
    method,
    headers: { Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function tokenFor(email, password) {
  const reply = await api("POST", `${env.auth}/token/`, { body: { email, password } });
  if (reply.status !== 200) throw new Error(`cannot sign ${email} in: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.access;
}

/** Polls until probe() gives something truthy. */
export async function eventually(probe, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

/**
 * Take back a role a walk gave someone (`assignment`: the POST /user-system-roles/ answer) and wait until
 * workflow_api's replica no longer counts them: the suite is shared, and a second Ticket Coordinator left behind
 * would take every other ticket of the walks that run after (round-robin assignment).
 */
export async function withdrawRole(adminToken, assignment) {
  if (!assignment?.id) return;
  const revoked = await api("DELETE", `${env.auth}/api/v1/user-system-roles/${assignment.id}/`, { token: adminToken });
  if (![204, 404].includes(revoked.status)) throw new Error(`could not revoke role ${assignment.id}: ${revoked.status}`);
  await eventually(async () => {
    const roles = (await api("GET", `${env.workflow}/roles/?page_size=200`, { token: adminToken })).body?.results ?? [];
    const role = roles.find((r) => r.name === assignment.role_name);
    return !(role?.members ?? []).some((m) => m.user_id === assignment.user && m.is_active);
  }, `the role ${assignment.role_name} withdrawn from user ${assignment.user} in workflow_api's replica`);
}
