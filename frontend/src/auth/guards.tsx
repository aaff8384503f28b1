import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";
import { useAuth } from "./AuthProvider";
import { ErrorState } from "../components/States";
import { sessionEnded } from "./tokens";

/** What the sign-in page is told through the router's state. */
export interface SignInState {
  /** Where to go back to once signed in. */
  from?: string;
  /** The session ended by itself (a refused refresh): the page says so. */
  sessionEnded?: boolean;
}

/** Signed-in TTS members only; others go to the sign-in page (told whether their session ended by itself) and come back afterwards. */
export function RequireMember({ children }: { children: ReactNode }) {
  const { claims, isMember } = useAuth();
  const location = useLocation();
  if (!claims) {
    const state: SignInState = { from: location.pathname + location.search, sessionEnded: sessionEnded() };
    return <Navigate to="/login" replace state={state} />;
  }
  if (!isMember) return <ErrorState title="No access" message="Your account has no role in the Ticket Tracking System. Ask an administrator for one." />;
  return <>{children}</>;
}

/** Pages for administrators; anyone else is told, not shown a broken page. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { isAdmin } = useAuth();
  if (!isAdmin) return <ErrorState title="Administrators only" message="This page is for TTS administrators." />;
  return <>{children}</>;
}
