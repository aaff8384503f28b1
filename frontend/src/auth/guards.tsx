import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";
import { useAuth } from "./AuthProvider";
import { ErrorState } from "../components/States";

/** Signed-in TTS members only; others go to the sign-in page and come back afterwards. */
export function RequireMember({ children }: { children: ReactNode }) {
  const { claims, isMember } = useAuth();
  const location = useLocation();
  if (!claims) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (!isMember) return <ErrorState title="No access" message="Your account has no role in the Ticket Tracking System. Ask an administrator for one." />;
  return <>{children}</>;
}

/** Pages for administrators; anyone else is told, not shown a broken page. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { isAdmin } = useAuth();
  if (!isAdmin) return <ErrorState title="Administrators only" message="This page is for TTS administrators." />;
  return <>{children}</>;
}
