import { EmptyState } from "../../components/States";

/** Placeholder until this page is built. */
export function DashboardPage() {
  return <EmptyState title="DashboardPage is being built" />;
}
