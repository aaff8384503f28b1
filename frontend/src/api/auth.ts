import { request, type Page, type Query } from "./client";
import type { AuthRole, User, UserSystemRole } from "./types";
import type { TokenPair } from "../auth/tokens";

export const signIn = (email: string, password: string, otp?: string) =>
  request<TokenPair>("auth", "/token/", { method: "POST", body: otp ? { email, password, otp } : { email, password }, authenticated: false });

export const signOutRefresh = (refresh: string) =>
  request<null>("auth", "/logout/", { method: "POST", body: { refresh }, authenticated: false });

export const me = () => request<User>("auth", "/api/v1/users/me/");

export const listUsers = (query: Query = {}) => request<Page<User>>("auth", "/api/v1/users/", { query });
export const createUser = (body: Partial<User> & { password: string }) => request<User>("auth", "/api/v1/users/", { method: "POST", body });
export const updateUser = (id: number, body: Partial<User>) => request<User>("auth", `/api/v1/users/${id}/`, { method: "PATCH", body });
export const deactivateUser = (id: number) => request<null>("auth", `/api/v1/users/${id}/`, { method: "DELETE" });

export const listRoles = (query: Query = { system: "tts" }) => request<Page<AuthRole>>("auth", "/api/v1/roles/", { query });

export const listUserRoles = (query: Query = {}) => request<Page<UserSystemRole>>("auth", "/api/v1/user-system-roles/", { query });
export const assignRole = (user: number, system: string, role: number | string) =>
  request<UserSystemRole>("auth", "/api/v1/user-system-roles/", { method: "POST", body: { user, system, role } });
export const revokeRole = (id: number) => request<null>("auth", `/api/v1/user-system-roles/${id}/`, { method: "DELETE" });
