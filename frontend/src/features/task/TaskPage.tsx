import { EmptyState } from "../../components/States";

/** Placeholder until this page is built. */
export function TaskPage() {
  return <EmptyState title="TaskPage is being built" />;
}
