import { describe, expect, it } from "vitest";
import { documentTitle, routePage, taskTitle } from "./pageTitle";

/** Every route App.tsx mounts, with an example address. */
const ROUTES: [string, string][] = [
  ["/login", "Sign in · TTS console"],
  ["/inbox", "Inbox · TTS console"],
  ["/tasks", "All tasks · TTS console"],
  ["/tickets/TX1", "Opening ticket · TTS console"],
  ["/notifications", "Notifications · TTS console"],
  ["/dashboard", "Dashboard · TTS console"],
  ["/admin/workflows", "Workflows · TTS console"],
  ["/admin/workflows/new", "New workflow · TTS console"],
  ["/admin/workflows/12", "Workflow editor · TTS console"],
  ["/admin/users", "Users & roles · TTS console"],
  ["/admin/intake", "Intake · TTS console"],
  ["/admin/webhooks", "Webhooks · TTS console"],
  ["/no/such/page", "Page not found · TTS console"],
];

describe("page titles", () => {
  it.each(ROUTES)("%s reads %s", (path, title) => {
    expect(documentTitle(routePage(path).page)).toBe(title);
  });

  it("gives every page its own title", () => {
    const titles = ROUTES.map(([path]) => documentTitle(routePage(path).page));
    expect(new Set(titles).size).toBe(titles.length);
  });

  it("names a task page after its ticket, and each task is a page of its own", () => {
    expect(routePage("/tasks/42")).toEqual({ key: "task:42", page: null, taskId: "42" });
    expect(routePage("/tasks/43").key).not.toBe(routePage("/tasks/42").key);
    expect(taskTitle("TX2026112100042")).toBe("Task TX2026112100042 · TTS console");
    expect(taskTitle(undefined)).toBe("Task · TTS console");
  });

  it("treats the new workflow and a saved one as one editor page (focus stays put on save)", () => {
    expect(routePage("/admin/workflows/new").key).toBe(routePage("/admin/workflows/9").key);
    expect(routePage("/admin/workflows").key).not.toBe(routePage("/admin/workflows/9").key);
  });
});
