import { useEffect, useRef, useState } from "react";
import { NavLink, Outlet, useLocation } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { useAuth } from "../auth/AuthProvider";
import { getTask } from "../api/workflow";
import { NotificationBell } from "../features/notifications/NotificationBell";
import { HeaderSearch } from "../features/search/HeaderSearch";
import { LiveBanner } from "../live/LiveBanner";
import { LiveDot } from "../live/LiveDot";
import { SavedViewsNav } from "../features/savedviews/SavedViewsNav";
import { KeyboardShortcuts } from "../features/keyboard/KeyboardShortcuts";
import { ThemeToggle } from "../features/theme/ThemeToggle";
import { documentTitle, routePage, taskTitle, useDocumentTitle, useFocusMainHeading } from "./pageTitle";

interface NavItem {
  to: string;
  label: string;
  admin?: boolean;
}

const NAV: NavItem[] = [
  { to: "/inbox", label: "My tasks" },
  { to: "/tasks", label: "All tasks", admin: true },
  { to: "/dashboard", label: "Dashboard" },
  { to: "/notifications", label: "Notifications" },
  { to: "/admin/workflows", label: "Workflows", admin: true },
  { to: "/admin/users", label: "Users & roles", admin: true },
  { to: "/admin/intake", label: "Intake", admin: true },
  { to: "/admin/webhooks", label: "Webhooks", admin: true },
];

/**
 * The phone menu's open state. It closes on Escape (focus back on the menu button), on a tap or click
 * anywhere outside the menu and its button (the bell included), and whenever the route changes (any link).
 */
function usePhoneMenu() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLElement>(null);
  const { pathname } = useLocation();

  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (menu.current?.contains(target) || button.current?.contains(target)) return;
      setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  return { open, setOpen, button, menu };
}

/** The tab's title for the page at `pathname` ("Inbox · TTS console", "Task TX… · TTS console"); see pageTitle.ts. */
function useRouteTitle(pathname: string) {
  const route = routePage(pathname);
  // The task page reads the same query; this only names the tab after its ticket.
  const task = useQuery({ queryKey: ["task", route.taskId], queryFn: () => getTask(route.taskId as string), enabled: Boolean(route.taskId) });
  useDocumentTitle(route.taskId ? taskTitle(task.data?.ticket_number) : documentTitle(route.page));
  return route.key;
}

/** The frame of every signed-in page: navigation (only what the role may use), the bell, the person. */
export function Layout() {
  const { claims, isAdmin, signOut } = useAuth();
  const menu = usePhoneMenu();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const pageKey = useRouteTitle(location.pathname);
  useFocusMainHeading(pageKey, main);
  const items = NAV.filter((item) => !item.admin || isAdmin);
  const [shortcuts, setShortcuts] = useState(false);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          ref={menu.button}
          type="button"
          className="button button-ghost menu-toggle"
          aria-expanded={menu.open}
          aria-controls="primary-nav"
          onClick={() => menu.setOpen((open) => !open)}
        >
          <span aria-hidden="true">☰</span>
          <span className="visually-hidden">Menu</span>
        </button>
        <NavLink to="/inbox" className="brand">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          <span className="brand-name">TTS console</span>
        </NavLink>
        <HeaderSearch />
        <div className="topbar-right">
          <ThemeToggle />
          <LiveDot />
          <NotificationBell />
          <span className="whoami" title={claims?.email}>
            {claims?.full_name || claims?.email}
            {isAdmin && <span className="badge badge-admin">Admin</span>}
          </span>
          <button type="button" className="button button-ghost" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <LiveBanner />
      <KeyboardShortcuts open={shortcuts} onOpenChange={setShortcuts} />
      <div className="shell">
        <nav ref={menu.menu} id="primary-nav" className={`sidebar${menu.open ? " sidebar-open" : ""}`} aria-label="Main">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/tasks"} onClick={() => menu.setOpen(false)}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
          <SavedViewsNav onNavigate={() => menu.setOpen(false)} />
          <button
            type="button"
            className="button button-ghost sidebar-shortcuts"
            aria-keyshortcuts="?"
            onClick={() => {
              menu.setOpen(false);
              setShortcuts(true);
            }}
          >
            Keyboard shortcuts <kbd aria-hidden="true">?</kbd>
          </button>
        </nav>
        <main ref={main} id="main" className="content" key={location.pathname.split("/")[1]}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
