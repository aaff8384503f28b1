import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import { Layout } from "./components/Layout";
import { RequireAdmin, RequireMember } from "./auth/guards";
import { Spinner, EmptyState } from "./components/States";
import { LoginPage } from "./features/login/LoginPage";
import { InboxPage } from "./features/inbox/InboxPage";
import { TicketRedirect } from "./features/inbox/TicketRedirect";
import { NotificationsPage } from "./features/notifications/NotificationsPage";
import { LiveNotifications } from "./live/LiveNotifications";

// The heavier pages load on first visit (React Flow, the charts).
const TaskPage = lazy(() => import("./features/task/TaskPage").then((module) => ({ default: module.TaskPage })));
const DashboardPage = lazy(() => import("./features/dashboard/DashboardPage").then((module) => ({ default: module.DashboardPage })));
const WorkflowListPage = lazy(() => import("./features/workflows/WorkflowListPage").then((module) => ({ default: module.WorkflowListPage })));
const WorkflowEditorPage = lazy(() =>
  import("./features/workflows/WorkflowEditorPage").then((module) => ({ default: module.WorkflowEditorPage })),
);
const UsersPage = lazy(() => import("./features/admin/UsersPage").then((module) => ({ default: module.UsersPage })));
const IntakePage = lazy(() => import("./features/admin/IntakePage").then((module) => ({ default: module.IntakePage })));
const WebhooksPage = lazy(() => import("./features/webhooks/WebhooksPage").then((module) => ({ default: module.WebhooksPage })));
const SearchPage = lazy(() => import("./features/search/SearchPage").then((module) => ({ default: module.SearchPage })));

const admin = (page: JSX.Element) => <RequireAdmin>{page}</RequireAdmin>;

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireMember>
            <LiveNotifications>
              <Suspense fallback={<Spinner />}>
                <Layout />
              </Suspense>
            </LiveNotifications>
          </RequireMember>
        }
      >
        <Route index element={<Navigate to="/inbox" replace />} />
        <Route path="/inbox" element={<InboxPage scope="mine" />} />
        <Route path="/tasks" element={admin(<InboxPage scope="all" />)} />
        <Route path="/tasks/:taskId" element={<TaskPage />} />
        <Route path="/tickets/:ticketNumber" element={<TicketRedirect />} />
        <Route path="/notifications" element={<NotificationsPage />} />
        <Route path="/dashboard" element={<DashboardPage />} />
        <Route path="/search" element={<SearchPage />} />
        <Route path="/admin/workflows" element={admin(<WorkflowListPage />)} />
        <Route path="/admin/workflows/new" element={admin(<WorkflowEditorPage />)} />
        <Route path="/admin/workflows/:workflowId" element={admin(<WorkflowEditorPage />)} />
        <Route path="/admin/users" element={admin(<UsersPage />)} />
        <Route path="/admin/intake" element={admin(<IntakePage />)} />
        <Route path="/admin/webhooks" element={admin(<WebhooksPage />)} />
        <Route path="*" element={<EmptyState title="Page not found">There is nothing at this address.</EmptyState>} />
      </Route>
    </Routes>
  );
}
