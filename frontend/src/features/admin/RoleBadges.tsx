import type { User } from "../../api/types";

export const SYSTEMS = [
  { slug: "tts", name: "TTS" },
  { slug: "hdts", name: "HDTS" },
  { slug: "ams", name: "AMS" },
  { slug: "bms", name: "BMS" },
] as const;

export const systemName = (slug: string) => SYSTEMS.find((system) => system.slug === slug)?.name ?? slug.toUpperCase();

/** A user's roles: the TTS ones as plain badges first, the other systems' named with their system. */
export function RoleBadges({ roles }: { roles: User["roles"] }) {
  if (!roles?.length) return <span className="muted">No roles</span>;
  const sorted = [...roles].sort((a, b) => Number(b.system === "tts") - Number(a.system === "tts") || a.system.localeCompare(b.system) || a.role.localeCompare(b.role));
  return (
    <span className="role-badges">
      {sorted.map((role) =>
        role.system === "tts" ? (
          <span key={`${role.system}:${role.role}`} className={`badge ${role.role === "Admin" ? "badge-admin" : "badge-role"}`}>
            {role.role}
          </span>
        ) : (
          <span key={`${role.system}:${role.role}`} className="badge badge-other-system" title={`${role.role} in ${systemName(role.system)}`}>
            <span className="badge-system-name">{systemName(role.system)}</span> {role.role}
          </span>
        ),
      )}
    </span>
  );
}
