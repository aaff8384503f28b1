import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Link } from "react-router-dom";

/**
 * A burst of like toasts shown as one: while a toast of the same `key` is on screen, the next one joins it
 * (its count goes up, its title becomes `title(count)`, its link `href`) instead of stacking another.
 */
export interface ToastGroup {
  key: string;
  title: (count: number) => string;
  href?: string;
  linkLabel?: string;
}

export interface ToastInput {
  title: string;
  body?: string;
  href?: string;
  /** The link's words; "Open" unless told. */
  linkLabel?: string;
  kind?: "info" | "success" | "error";
  group?: ToastGroup;
}

export interface Toast extends Omit<ToastInput, "group"> {
  id: number;
  groupKey?: string;
  count: number;
}

const ToastContext = createContext<(toast: ToastInput) => void>(() => undefined);
/** How long a toast stays, in ms, counted again from each toast that joins its group; paused while hovered or focused. */
export const LIFETIME_MS = 6000;
/** At most this many toasts are on screen; the oldest goes first. */
export const MAX_TOASTS = 3;
let nextId = 1;

/** The toasts after `toast` arrives: joined into its group's toast when one is showing, else added (oldest dropped). */
export function withToast(all: Toast[], toast: ToastInput, id: number): Toast[] {
  const { group, ...rest } = toast;
  const same = group ? all.find((shown) => shown.groupKey === group.key) : undefined;
  if (group && same) {
    const count = same.count + 1;
    const joined: Toast = { id: same.id, groupKey: group.key, count, kind: rest.kind, title: group.title(count), href: group.href, linkLabel: group.linkLabel };
    return all.map((shown) => (shown.id === same.id ? joined : shown));
  }
  return [...all.slice(-(MAX_TOASTS - 1)), { ...rest, id, groupKey: group?.key, count: 1 }];
}

/**
 * Short-lived messages stacked at the top right under the top bar, read out politely by screen readers.
 * Each has a close button; all of them wait while the pointer or the focus is on them.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const shown = useRef<Toast[]>([]);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const paused = useRef(false);

  const replace = useCallback((next: Toast[]) => {
    for (const gone of shown.current.filter((old) => !next.some((kept) => kept.id === old.id))) {
      clearTimeout(timers.current.get(gone.id));
      timers.current.delete(gone.id);
    }
    shown.current = next;
    setToasts(next);
  }, []);
  const dismiss = useCallback((id: number) => replace(shown.current.filter((toast) => toast.id !== id)), [replace]);
  const schedule = useCallback(
    (id: number) => {
      clearTimeout(timers.current.get(id));
      if (!paused.current) timers.current.set(id, setTimeout(() => dismiss(id), LIFETIME_MS));
    },
    [dismiss],
  );
  const show = useCallback(
    (toast: ToastInput) => {
      const id = nextId++;
      const next = withToast(shown.current, toast, id);
      replace(next);
      // the toast shown (new, or the group's it joined) lives LIFETIME_MS from now
      const target = next.find((candidate) => candidate.id === id) ?? next.find((candidate) => candidate.groupKey === toast.group?.key);
      if (target) schedule(target.id);
    },
    [replace, schedule],
  );
  const hold = useCallback(
    (wait: boolean) => {
      paused.current = wait;
      for (const toast of shown.current) {
        if (wait) clearTimeout(timers.current.get(toast.id));
        else schedule(toast.id);
      }
    },
    [schedule],
  );
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);

  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div
        className="toasts"
        role="status"
        aria-live="polite"
        aria-label="Messages"
        onMouseEnter={() => hold(true)}
        onMouseLeave={() => hold(false)}
        onFocus={() => hold(true)}
        onBlur={(event) => !event.currentTarget.contains(event.relatedTarget as Node | null) && hold(false)}
      >
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.kind ?? "info"}`} data-testid="toast" data-count={toast.count}>
            <div className="toast-text">
              <strong>{toast.title}</strong>
              {toast.body && <p>{toast.body}</p>}
              {toast.href && (
                <Link to={toast.href} onClick={() => dismiss(toast.id)}>
                  {toast.linkLabel ?? "Open"}
                </Link>
              )}
            </div>
            <button type="button" className="button button-ghost toast-close" aria-label={`Dismiss: ${toast.title}`} onClick={() => dismiss(toast.id)}>
              <span aria-hidden="true">✕</span>
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
