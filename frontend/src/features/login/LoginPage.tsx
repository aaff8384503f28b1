import { useState, type FormEvent } from "react";
import { Navigate, useLocation, useNavigate } from "react-router-dom";
import { useAuth } from "../../auth/AuthProvider";
import type { SignInState } from "../../auth/guards";
import { ApiError } from "../../api/errors";
import { Banner } from "../../components/States";
import { Field } from "../../components/Field";
import { documentTitle, useDocumentTitle } from "../../components/pageTitle";
import { ThemeToggle } from "../theme/ThemeToggle";

/** Email and password; then the one-time passcode when the account asks for one. */
export function LoginPage() {
  const { claims, signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const state = location.state as SignInState | null;
  const from = state?.from || "/inbox";
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [otp, setOtp] = useState("");
  const [needsOtp, setNeedsOtp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(documentTitle("Sign in"));

  if (claims) return <Navigate to={from} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await signIn(email.trim(), password, needsOtp ? otp.trim() : undefined);
      if (result === "otp_required") setNeedsOtp(true);
      else navigate(from, { replace: true });
    } catch (failure) {
      setError(describe(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <ThemeToggle />
      <form className="card" onSubmit={submit} aria-labelledby="login-title" noValidate>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          Ticket Tracking System
        </div>
        <h1 id="login-title">Sign in</h1>
        {error && <Banner>{error}</Banner>}
        {!error && !needsOtp && state?.sessionEnded && <Banner kind="info">Your session ended. Sign in again.</Banner>}
        {needsOtp && <Banner kind="info">We mailed you a one-time passcode. Enter it to finish signing in.</Banner>}
        <Field label="Email">
          <input type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} disabled={needsOtp} autoFocus />
        </Field>
        <Field label="Password">
          <input type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} disabled={needsOtp} />
        </Field>
        {needsOtp && (
          <Field label="One-time passcode">
            <input inputMode="numeric" autoComplete="one-time-code" required value={otp} onChange={(event) => setOtp(event.target.value)} autoFocus />
          </Field>
        )}
        <button type="submit" className="button button-primary" style={{ width: "100%" }} disabled={busy || !email || !password || (needsOtp && !otp)}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}

function describe(failure: unknown): string {
  if (!(failure instanceof ApiError)) return "Sign-in failed. Try again.";
  if (failure.status === 429) return failure.code === "locked_out" ? "Too many failed attempts: this account is locked for a while." : "Too many attempts. Wait a moment and try again.";
  if (failure.code === "otp_invalid") return "That passcode is not right or has expired.";
  if (failure.status === 401) return "The email or password is not right.";
  return failure.message;
}
