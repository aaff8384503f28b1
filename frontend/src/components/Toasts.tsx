import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { Link } from "react-router-dom";

export interface Toast {
  id: number;
  title: string;
  body?: string;
  href?: string;
  kind?: "info" | "success" | "error";
}

const ToastContext = createContext<(toast: Omit<Toast, "id">) => void>(() => undefined);
const LIFETIME_MS = 6000;
let nextId = 1;

/** Short-lived messages in a corner, read out by screen readers. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (toast: Omit<Toast, "id">) => {
      const id = nextId++;
      setToasts((all) => [...all.slice(-3), { ...toast, id }]);
      setTimeout(() => dismiss(id), LIFETIME_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.kind ?? "info"}`}>
            <div>
              <strong>{toast.title}</strong>
              {toast.body && <p>{toast.body}</p>}
              {toast.href && (
                <Link to={toast.href} onClick={() => dismiss(toast.id)}>
                  Open
                </Link>
              )}
            </div>
            <button type="button" className="button button-ghost" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
              ✕
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
