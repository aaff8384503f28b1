import { useState } from "react";
import { NavLink, Outlet, useLocation } from "react-router-dom";
import { useAuth } from "../auth/AuthProvider";
import { NotificationBell } from "../features/notifications/NotificationBell";
import { useLiveState } from "../live/LiveNotifications";
import { LiveBanner } from "../live/LiveBanner";

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

/** The frame of every signed-in page: navigation (only what the role may use), the bell, the person. */
export function Layout() {
  const { claims, isAdmin, signOut } = useAuth();
  const live = useLiveState();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const items = NAV.filter((item) => !item.admin || isAdmin);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="button button-ghost menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="primary-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          ☰<span className="visually-hidden">Menu</span>
        </button>
        <NavLink to="/inbox" className="brand">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          TTS console
        </NavLink>
        <div className="topbar-right">
          <span className={`live-dot live-${live}`} title={live === "open" ? "Live updates on" : "Reconnecting to live updates…"}>
            <span className="visually-hidden">{live === "open" ? "Live updates on" : "Live updates reconnecting"}</span>
          </span>
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
      <div className="shell">
        <nav id="primary-nav" className={`sidebar${menuOpen ? " sidebar-open" : ""}`} aria-label="Main">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/tasks"} onClick={() => setMenuOpen(false)}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="content" key={location.pathname.split("/")[1]}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
