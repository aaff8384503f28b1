import { EmptyState } from "../../components/States";

/** Placeholder until this page is built. */
export function UsersPage() {
  return <EmptyState title="UsersPage is being built" />;
}
