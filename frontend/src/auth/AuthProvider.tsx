import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { signIn as requestTokens, signOutRefresh } from "../api/auth";
import { refreshTokens } from "../api/client";
import { decodeClaims, hasTTSRole, isAdministrator, onTokensChange, readTokens, secondsLeft, writeTokens, type Claims } from "./tokens";

export type SignInResult = "signed_in" | "otp_required";

interface AuthState {
  claims: Claims | null;
  isAdmin: boolean;
  /** Holds a role in the TTS system (the console is for them). */
  isMember: boolean;
  signIn: (email: string, password: string, otp?: string) => Promise<SignInResult>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

/** Who is signed in, kept in step with the stored tokens; refreshes the access token before it expires. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [access, setAccess] = useState<string | null>(() => readTokens()?.access ?? null);

  useEffect(() => onTokensChange((tokens) => setAccess(tokens?.access ?? null)), []);

  useEffect(() => {
    if (!access) return;
    const delay = Math.max(5, secondsLeft(access) - 60) * 1000;
    const timer = setTimeout(() => void refreshTokens(), delay);
    return () => clearTimeout(timer);
  }, [access]);

  useEffect(() => {
    if (!access) queryClient.clear();
  }, [access, queryClient]);

  const signIn = useCallback(async (email: string, password: string, otp?: string): Promise<SignInResult> => {
    try {
      writeTokens(await requestTokens(email, password, otp));
      return "signed_in";
    } catch (error) {
      if ((error as { code?: string }).code === "otp_required") return "otp_required";
      throw error;
    }
  }, []);

  const signOut = useCallback(async () => {
    const tokens = readTokens();
    writeTokens(null);
    if (tokens) await signOutRefresh(tokens.refresh).catch(() => undefined);
  }, []);

  const value = useMemo<AuthState>(() => {
    const claims = access ? decodeClaims(access) : null;
    return { claims, isAdmin: isAdministrator(claims), isMember: hasTTSRole(claims), signIn, signOut };
  }, [access, signIn, signOut]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error("useAuth outside AuthProvider");
  return state;
}
