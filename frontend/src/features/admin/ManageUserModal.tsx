import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { assignRole, deactivateUser, listRoles, listUserRoles, revokeRole, updateUser } from "../../api/auth";
import { ApiError } from "../../api/errors";
import type { User, UserSystemRole } from "../../api/types";
import { useAuth } from "../../auth/AuthProvider";
import { Field } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { Banner, QueryState } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { formatDateTime } from "../../components/format";
import { SYSTEMS, systemName } from "./RoleBadges";

export const fullName = (user: Pick<User, "first_name" | "last_name" | "email">) => `${user.first_name} ${user.last_name}`.trim() || user.email;

/** One user: name, whether the account is active, and their role assignments in every system. */
export function ManageUserModal({ user, onClose, onChange }: { user: User | null; onClose: () => void; onChange: (user: User) => void }) {
  return (
    <Modal title={user ? `Manage ${fullName(user)}` : "Manage user"} open={user !== null} onClose={onClose}>
      {user && (
        <div className="manage-user">
          <p className="muted manage-email">
            {user.email} · joined {formatDateTime(user.date_joined)}
          </p>
          <ProfileSection key={`profile-${user.id}`} user={user} onChange={onChange} />
          <AccountSection user={user} onChange={onChange} />
          <RolesSection user={user} />
        </div>
      )}
    </Modal>
  );
}

function useUserChanged() {
  const queryClient = useQueryClient();
  return (userId: number) => {
    void queryClient.invalidateQueries({ queryKey: ["users"] });
    void queryClient.invalidateQueries({ queryKey: ["user-roles", userId] });
  };
}

function ProfileSection({ user, onChange }: { user: User; onChange: (user: User) => void }) {
  const toast = useToast();
  const changed = useUserChanged();
  const [form, setForm] = useState({ first_name: user.first_name, last_name: user.last_name });
  const save = useMutation({
    mutationFn: () => updateUser(user.id, form),
    onSuccess: (updated) => {
      changed(user.id);
      onChange(updated);
      toast({ kind: "success", title: "Name saved", body: fullName(updated) });
    },
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const dirty = form.first_name !== user.first_name || form.last_name !== user.last_name;

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <section className="manage-section" aria-labelledby="manage-profile">
      <h3 id="manage-profile">Name</h3>
      {save.isError && !errors.first_name && !errors.last_name && <Banner>{(save.error as Error).message}</Banner>}
      <form onSubmit={submit}>
        <div className="form-grid">
          <Field label="First name" error={errors.first_name}>
            <input value={form.first_name} onChange={(event) => setForm({ ...form, first_name: event.target.value })} />
          </Field>
          <Field label="Last name" error={errors.last_name}>
            <input value={form.last_name} onChange={(event) => setForm({ ...form, last_name: event.target.value })} />
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary button-small" disabled={!dirty || save.isPending}>
            {save.isPending ? "Saving…" : "Save name"}
          </button>
        </div>
      </form>
    </section>
  );
}

function AccountSection({ user, onChange }: { user: User; onChange: (user: User) => void }) {
  const toast = useToast();
  const changed = useUserChanged();
  const { claims } = useAuth();
  const [confirming, setConfirming] = useState(false);
  const isSelf = claims?.user_id === user.id;
  const deactivate = useMutation({
    mutationFn: () => deactivateUser(user.id),
    onSuccess: () => {
      setConfirming(false);
      changed(user.id);
      onChange({ ...user, is_active: false });
      toast({ kind: "success", title: "Account deactivated", body: `${user.email} is signed out and can no longer sign in.` });
    },
  });
  const reactivate = useMutation({
    mutationFn: () => updateUser(user.id, { is_active: true }),
    onSuccess: (updated) => {
      changed(user.id);
      onChange(updated);
      toast({ kind: "success", title: "Account reactivated", body: `${user.email} can sign in again.` });
    },
  });
  const error = deactivate.error || reactivate.error;

  return (
    <section className="manage-section" aria-labelledby="manage-account">
      <h3 id="manage-account">Account</h3>
      {error && <Banner>{(error as Error).message}</Banner>}
      <div className="row account-row">
        <span className={`badge ${user.is_active ? "badge-active" : "badge-inactive"}`}>{user.is_active ? "Active" : "Inactive"}</span>
        <span className="muted">{user.is_active ? "Can sign in." : "Cannot sign in; their open tasks went to others holding the same role (or wait for one)."}</span>
        <span className="account-actions">
          {user.is_active ? (
            !confirming && (
              <button type="button" className="button button-danger button-small" disabled={isSelf} title={isSelf ? "You cannot deactivate yourself" : undefined} onClick={() => setConfirming(true)}>
                Deactivate
              </button>
            )
          ) : (
            <button type="button" className="button button-small" disabled={reactivate.isPending} onClick={() => reactivate.mutate()}>
              {reactivate.isPending ? "Reactivating…" : "Reactivate"}
            </button>
          )}
        </span>
      </div>
      {confirming && (
        <div className="confirm" role="group" aria-label="Confirm deactivation">
          <p>Deactivate {fullName(user)}? They are signed out everywhere and can no longer sign in; their open tasks go to others holding the same role.</p>
          <div className="row">
            <button type="button" className="button button-danger button-small" disabled={deactivate.isPending} onClick={() => deactivate.mutate()}>
              {deactivate.isPending ? "Deactivating…" : "Yes, deactivate"}
            </button>
            <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function RolesSection({ user }: { user: User }) {
  const toast = useToast();
  const changed = useUserChanged();
  const assignments = useQuery({
    queryKey: ["user-roles", user.id],
    queryFn: () => listUserRoles({ user: user.id, is_active: true, page_size: 100 }),
  });
  const active = (assignments.data?.results ?? []).filter((assignment) => assignment.is_active);
  const revoke = useMutation({
    mutationFn: (assignment: UserSystemRole) => revokeRole(assignment.id),
    onSuccess: (_, assignment) => {
      changed(user.id);
      toast({ kind: "success", title: "Role revoked", body: `${assignment.role_name} (${systemName(assignment.system)}) from ${user.email}` });
    },
  });

  return (
    <section className="manage-section" aria-labelledby="manage-roles">
      <h3 id="manage-roles">Roles</h3>
      {revoke.isError && <Banner>{(revoke.error as Error).message}</Banner>}
      <QueryState query={assignments}>
        {() =>
          active.length === 0 ? (
            <p className="muted">No active role. Without a TTS role this person cannot use the console.</p>
          ) : (
            <ul className="role-list">
              {active.map((assignment) => (
                <li key={assignment.id} data-testid="assignment">
                  <span className={`badge ${assignment.system === "tts" ? "badge-role" : "badge-other-system"}`}>{systemName(assignment.system)}</span>
                  <span className="role-name">{assignment.role_name}</span>
                  <span className="muted role-since">since {formatDateTime(assignment.assigned_at)}</span>
                  <button
                    type="button"
                    className="button button-danger button-small"
                    aria-label={`Revoke ${assignment.role_name} in ${systemName(assignment.system)}`}
                    disabled={revoke.isPending && revoke.variables?.id === assignment.id}
                    onClick={() => revoke.mutate(assignment)}
                  >
                    Revoke
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <AssignRoleForm user={user} held={active} />
    </section>
  );
}

function AssignRoleForm({ user, held }: { user: User; held: UserSystemRole[] }) {
  const toast = useToast();
  const changed = useUserChanged();
  const [system, setSystem] = useState("tts");
  const [role, setRole] = useState("");
  const roles = useQuery({ queryKey: ["roles", system], queryFn: () => listRoles({ system, page_size: 100 }) });
  const heldIds = new Set(held.filter((assignment) => assignment.system === system).map((assignment) => assignment.role));
  const choices = (roles.data?.results ?? []).filter((item) => !heldIds.has(item.id));
  const assign = useMutation({
    mutationFn: () => assignRole(user.id, system, Number(role)),
    onSuccess: (assignment) => {
      setRole("");
      changed(user.id);
      toast({ kind: "success", title: "Role assigned", body: `${assignment.role_name} (${systemName(assignment.system)}) to ${user.email}` });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (role) assign.mutate();
  }

  return (
    <form className="assign-role" onSubmit={submit} aria-label="Assign a role">
      {assign.isError && <Banner>{(assign.error as Error).message}</Banner>}
      <div className="assign-role-fields">
        <Field label="System">
          <select
            value={system}
            onChange={(event) => {
              setSystem(event.target.value);
              setRole("");
            }}
          >
            {SYSTEMS.map((item) => (
              <option key={item.slug} value={item.slug}>
                {item.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Role" hint={roles.isError ? "The roles could not be loaded." : roles.isSuccess && choices.length === 0 ? "Holds every role of this system." : undefined}>
          <select value={role} onChange={(event) => setRole(event.target.value)} disabled={!roles.isSuccess || choices.length === 0}>
            <option value="">{roles.isPending ? "Loading…" : "Choose a role"}</option>
            {choices.map((item) => (
              <option key={item.id} value={String(item.id)}>
                {item.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="button button-primary" disabled={!role || assign.isPending}>
          {assign.isPending ? "Assigning…" : "Assign role"}
        </button>
      </div>
    </form>
  );
}
