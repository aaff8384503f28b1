import { EmptyState } from "../../components/States";

/** Placeholder until this page is built. */
export function IntakePage() {
  return <EmptyState title="IntakePage is being built" />;
}
