import { SearchField } from "../../components/SearchField";
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useUrlParams } from "../../components/useUrlParams";
import { listUsers } from "../../api/auth";
import type { User } from "../../api/types";
import { Pagination } from "../../components/Pagination";
import { EmptyState, QueryState } from "../../components/States";
import { formatDateTime } from "../../components/format";
import { ManageUserModal, fullName } from "./ManageUserModal";
import { NewUserModal } from "./NewUserModal";
import { RoleBadges } from "./RoleBadges";
import "./admin.css";

export const USERS_PAGE_SIZE = 20;

/** Users & roles: every account of the suite, its roles in each system; create, edit, (de)activate, assign and revoke. */
export function UsersPage() {
  const [params, update] = useUrlParams();
  const query = {
    search: params.get("search") || undefined,
    is_active: params.get("is_active") || undefined,
    page: Number(params.get("page") || 1),
    page_size: USERS_PAGE_SIZE,
  };
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<User | null>(null);
  const users = useQuery({ queryKey: ["users", query], queryFn: () => listUsers(query), placeholderData: keepPreviousData });

  const filtered = Boolean(query.search || query.is_active);
  return (
    <section aria-labelledby="users-title" className="admin-page">
      <div className="page-header">
        <h1 id="users-title">Users &amp; roles</h1>
        {users.isFetching && !users.isPending && <span className="spinner" role="status" aria-label="Refreshing" />}
        <div className="actions">
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New user
          </button>
        </div>
      </div>
      <div className="filters">
        <SearchField label="Name or email" value={query.search ?? ""} placeholder="ada@…" onSearch={(text) => update({ search: text })} />
        <div className="field">
          <label htmlFor="user-active">Status</label>
          <select id="user-active" value={query.is_active ?? ""} onChange={(event) => update({ is_active: event.target.value })}>
            <option value="">Any</option>
            <option value="true">Active</option>
            <option value="false">Inactive</option>
          </select>
        </div>
      </div>
      <QueryState
        query={users}
        isEmpty={(page) => page.results.length === 0}
        empty={<EmptyState title={filtered ? "No user matches these filters" : "No users yet"}>{filtered ? "Try another name or status." : "Create the first one with New user."}</EmptyState>}
      >
        {(page) => (
          <>
            <div className="table-wrap">
              <table className="table users-table" aria-describedby="users-title">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Status</th>
                    <th scope="col">Roles</th>
                    <th scope="col" className="hide-narrow">
                      Joined
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.results.map((user) => (
                    <tr key={user.id} data-testid="user-row" className={user.is_active ? undefined : "row-inactive"}>
                      <td className="user-name">{`${user.first_name} ${user.last_name}`.trim() || <span className="muted">(no name)</span>}</td>
                      <td className="user-email">{user.email}</td>
                      <td>
                        <span className={`badge ${user.is_active ? "badge-active" : "badge-inactive"}`}>{user.is_active ? "Active" : "Inactive"}</span>
                      </td>
                      <td>
                        <RoleBadges roles={user.roles} />
                      </td>
                      <td className="hide-narrow" title={user.date_joined}>
                        {formatDateTime(user.date_joined)}
                      </td>
                      <td className="cell-actions">
                        <button type="button" className="button button-small" aria-label={`Manage ${fullName(user)}`} onClick={() => setSelected(user)}>
                          Manage
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={query.page} pageSize={USERS_PAGE_SIZE} count={page.count} onPage={(next) => update({ page: String(next) })} />
          </>
        )}
      </QueryState>
      <NewUserModal open={creating} onClose={() => setCreating(false)} />
      <ManageUserModal user={selected} onClose={() => setSelected(null)} onChange={setSelected} />
    </section>
  );
}
