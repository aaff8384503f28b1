import { useEffect, useRef, type RefObject } from "react";
import { matchPath } from "react-router-dom";

/** What every tab title ends with. */
export const APP_NAME = "TTS console";

/** One route of the console: its pattern, and the page's name for the tab title (null: the page names itself). */
interface RouteTitle {
  pattern: string;
  page: string | null;
}

// The most specific patterns first: matchPath takes the first that fits.
const ROUTE_TITLES: RouteTitle[] = [
  { pattern: "/login", page: "Sign in" },
  { pattern: "/inbox", page: "Inbox" },
  { pattern: "/tasks", page: "All tasks" },
  { pattern: "/tasks/:taskId", page: null },
  { pattern: "/tickets/:ticketNumber", page: "Opening ticket" },
  { pattern: "/notifications", page: "Notifications" },
  { pattern: "/dashboard", page: "Dashboard" },
  { pattern: "/search", page: "Search" },
  { pattern: "/admin/workflows", page: "Workflows" },
  { pattern: "/admin/workflows/new", page: "New workflow" },
  { pattern: "/admin/workflows/:workflowId", page: "Workflow editor" },
  { pattern: "/admin/users", page: "Users & roles" },
  { pattern: "/admin/intake", page: "Intake" },
  { pattern: "/admin/webhooks", page: "Webhooks" },
];

/** "Inbox · TTS console"; the bare app name for no page. */
export function documentTitle(page?: string | null): string {
  return page ? `${page} · ${APP_NAME}` : APP_NAME;
}

/**
 * Which page `pathname` shows: `key` names the page (the same for /admin/workflows/new and /admin/workflows/7,
 * one editor; a different one for each task), `page` is its name for the title, `taskId` the task route's id.
 * Unknown paths are the "Page not found" page.
 */
export function routePage(pathname: string): { key: string; page: string | null; taskId?: string } {
  for (const route of ROUTE_TITLES) {
    const match = matchPath(route.pattern, pathname);
    if (!match) continue;
    if (route.pattern === "/tasks/:taskId") return { key: `task:${match.params.taskId}`, page: null, taskId: match.params.taskId };
    const key = route.pattern.startsWith("/admin/workflows/") ? "workflow-editor" : route.pattern;
    return { key, page: route.page };
  }
  return { key: "not-found", page: "Page not found" };
}

/** The task page's title: "Task TX20261121000001 · TTS console" once its ticket number is known, else "Task · …". */
export function taskTitle(ticketNumber?: string | null): string {
  return documentTitle(ticketNumber ? `Task ${ticketNumber}` : "Task");
}

/** Sets the tab's title while mounted (and whenever `title` changes). */
export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = title;
  }, [title]);
}

/** How long a page may take to draw its main heading (lazy chunk, first read) before focus stops waiting, in ms. */
export const HEADING_WAIT_MS = 5000;

/**
 * Moves focus to the main heading (`<main>`'s first h1, made focusable with tabIndex=-1) whenever `pageKey`
 * changes after the first render, so keyboard and screen-reader users start at the new page rather than at
 * `<body>`. A page still loading is watched (MutationObserver) until its h1 appears or HEADING_WAIT_MS pass;
 * focus the person has since put in the page themselves is left alone.
 */
export function useFocusMainHeading(pageKey: string, main: RefObject<HTMLElement | null>) {
  const previous = useRef<string | null>(null);
  useEffect(() => {
    const first = previous.current === null;
    previous.current = pageKey;
    const root = main.current;
    if (first || !root) return;
    const focusedBefore = document.activeElement;
    const tryFocus = (): boolean => {
      const heading = root.querySelector("h1");
      if (!heading) return false;
      const moved = document.activeElement !== focusedBefore && root.contains(document.activeElement);
      if (!moved) {
        if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: false });
      }
      return true;
    };
    if (tryFocus()) return;
    const observer = new MutationObserver(() => {
      if (tryFocus()) stop();
    });
    const timer = setTimeout(() => stop(), HEADING_WAIT_MS);
    function stop() {
      observer.disconnect();
      clearTimeout(timer);
    }
    observer.observe(root, { childList: true, subtree: true });
    return stop;
  }, [pageKey, main]);
}
