import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { assignRole, createUser, listRoles } from "../../api/auth";
import { ApiError } from "../../api/errors";
import { Field } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { Banner } from "../../components/States";
import { useToast } from "../../components/Toasts";

const FIELDS = ["first_name", "last_name", "email", "password"] as const;
const EMPTY = { first_name: "", last_name: "", email: "", password: "" };

/** "New user": creates the account, then gives it its first TTS role. */
export function NewUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal title="New user" open={open} onClose={onClose}>
      {open && <NewUserForm onClose={onClose} />}
    </Modal>
  );
}

function NewUserForm({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState(EMPTY);
  const [role, setRole] = useState<string | null>(null);
  const roles = useQuery({ queryKey: ["roles", "tts"], queryFn: () => listRoles({ system: "tts", page_size: 100 }) });
  const ttsRoles = roles.data?.results ?? [];
  const defaultRole = String(ttsRoles.find((item) => item.name === "Agent")?.id ?? ttsRoles[0]?.id ?? "");
  const roleId = role ?? defaultRole;

  const create = useMutation({
    mutationFn: async () => {
      const user = await createUser({ ...form, email: form.email.trim() });
      if (!roleId) return { user, roleError: null };
      try {
        await assignRole(user.id, "tts", Number(roleId));
        return { user, roleError: null };
      } catch (error) {
        return { user, roleError: error as Error };
      }
    },
    onSuccess: ({ user, roleError }) => {
      void queryClient.invalidateQueries({ queryKey: ["users"] });
      if (roleError) {
        toast({ kind: "error", title: `${user.email} was created without a role`, body: `${roleError.message} Assign it from Manage.` });
      } else {
        const roleName = ttsRoles.find((item) => String(item.id) === roleId)?.name;
        toast({ kind: "success", title: "User created", body: roleName ? `${user.email} is a TTS ${roleName}.` : user.email });
      }
      onClose();
    },
  });

  const errors = create.error instanceof ApiError ? create.error.fieldErrors : {};
  const otherErrors = Object.entries(errors).filter(([field]) => !(FIELDS as readonly string[]).includes(field));
  const showBanner = create.isError && (Object.keys(errors).length === 0 || otherErrors.length > 0);

  function change(field: keyof typeof EMPTY, value: string) {
    setForm((current) => ({ ...current, [field]: value }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <form onSubmit={submit} noValidate>
      {showBanner && (
        <Banner>
          {otherErrors.length ? otherErrors.map(([field, message]) => `${field}: ${message}`).join(" ") : (create.error as Error).message}
        </Banner>
      )}
      <div className="form-grid">
        <Field label="First name" error={errors.first_name}>
          <input value={form.first_name} onChange={(event) => change("first_name", event.target.value)} autoComplete="off" required />
        </Field>
        <Field label="Last name" error={errors.last_name}>
          <input value={form.last_name} onChange={(event) => change("last_name", event.target.value)} autoComplete="off" required />
        </Field>
      </div>
      <Field label="Email" error={errors.email}>
        <input type="email" value={form.email} onChange={(event) => change("email", event.target.value)} autoComplete="off" required />
      </Field>
      <Field label="Password" error={errors.password} hint="Give it to the person securely; they can reset it by mail later.">
        <input type="password" value={form.password} onChange={(event) => change("password", event.target.value)} autoComplete="new-password" required />
      </Field>
      <Field label="TTS role" hint={roles.isError ? "The roles could not be loaded; assign one later from Manage." : "Needed to use this console."}>
        <select value={roleId} onChange={(event) => setRole(event.target.value)} disabled={roles.isPending}>
          {roles.isPending ? (
            <option value="">Loading roles…</option>
          ) : (
            <>
              <option value="">No TTS role</option>
              {ttsRoles.map((item) => (
                <option key={item.id} value={String(item.id)}>
                  {item.name}
                </option>
              ))}
            </>
          )}
        </select>
      </Field>
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create user"}
        </button>
      </div>
    </form>
  );
}
