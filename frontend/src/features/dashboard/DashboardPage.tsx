import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { useUrlParams } from "../../components/useUrlParams";
import { useId } from "react";
import { ApiError } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { Banner, ErrorState, Spinner } from "../../components/States";
import { formatDateTime } from "../../components/format";
import { PERIODS, formatMeanTime, getTaskStats, type TaskStats } from "./api";
import { FlowChart, PriorityChart, StatusChart, StepChart } from "./Charts";
import { SlaMetPanel } from "./SlaMetPanel";
import "./dashboard.css";

const DEFAULT_DAYS = 30;

/** The period in the address (?days=7|30|90), 30 days otherwise. */
function periodOf(params: URLSearchParams): number {
  const days = Number(params.get("days"));
  return (PERIODS as readonly number[]).includes(days) ? days : DEFAULT_DAYS;
}

/** Workload at a glance: open tasks, SLA breaches, throughput; all tasks for administrators, one's own for agents. */
export function DashboardPage() {
  const { isAdmin } = useAuth();
  const [params, update] = useUrlParams();
  const days = periodOf(params);
  const stats = useQuery({
    queryKey: ["task-stats", days],
    queryFn: () => getTaskStats(days),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

  function choose(next: number) {
    update({ days: next === DEFAULT_DAYS ? null : String(next) }, { replace: true });
  }

  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <div className="page-header">
        <div>
          <h1 id="dashboard-title">Dashboard</h1>
          <p className="dashboard-subtitle">
            {isAdmin ? "All tasks in the system" : "Your tasks: the ones you hold or once held"} · last {days} days
          </p>
        </div>
        <div className="actions">
          {stats.isFetching && !stats.isPending && <span className="spinner" role="status" aria-label="Refreshing" />}
          <div className="segmented" role="group" aria-label="Period">
            {PERIODS.map((period) => (
              <button key={period} type="button" aria-pressed={period === days} onClick={() => choose(period)}>
                {period} days
              </button>
            ))}
          </div>
        </div>
      </div>
      <DashboardBody query={stats} isAdmin={isAdmin} />
    </section>
  );
}

function DashboardBody({
  query,
  isAdmin,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: TaskStats | undefined; refetch: () => unknown };
  isAdmin: boolean;
}) {
  if (query.isPending) return <Spinner label="Loading the figures…" />;
  if (query.isError || !query.data) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <ErrorState
        title={missing ? "Statistics are not available yet" : "The figures could not be loaded"}
        message={missing ? "The workflow service does not answer GET /tasks/stats/ yet." : undefined}
        error={query.error}
        onRetry={() => query.refetch()}
      />
    );
  }
  const stats = query.data;
  const onHold = stats.open_by_status?.on_hold ?? 0;
  const open = (stats.open_by_status?.pending ?? 0) + (stats.open_by_status?.in_progress ?? 0) + onHold;
  const received = (stats.per_day ?? []).reduce((sum, day) => sum + day.received, 0);
  const quiet = open === 0 && received === 0 && stats.completed_in_period === 0;
  const inbox = isAdmin ? "/tasks" : "/inbox";
  return (
    <div className="stack">
      {quiet && (
        <Banner kind="info">
          {isAdmin ? "No task is open and none arrived in this period." : "You hold no open task and none came your way in this period."}
        </Banner>
      )}
      <div className="kpi-grid">
        <Kpi label="Open tasks" value={open} hint={`${stats.open_by_status?.pending ?? 0} pending · ${stats.open_by_status?.in_progress ?? 0} in progress · ${onHold} on hold`} link={{ to: inbox, text: "See tasks" }} />
        <Kpi
          label="SLA breached now"
          value={stats.breached_open}
          tone={stats.breached_open > 0 ? "danger" : "ok"}
          hint={stats.breached_open > 0 ? "Open and past their target" : "Every open task is on time"}
          link={stats.breached_open > 0 ? { to: `${inbox}?breached=true`, text: "See breached" } : undefined}
        />
        <Kpi label="Breaches in period" value={stats.breaches_in_period} hint={`Targets missed in the last ${stats.days} days`} />
        <Kpi
          label="Mean time to resolve"
          value={formatMeanTime(stats.mean_time_to_resolve_seconds)}
          hint={stats.mean_time_to_resolve_seconds === null ? "Nothing resolved in this period" : "From received to completed"}
        />
        <Kpi label="Completed in period" value={stats.completed_in_period} hint={`In the last ${stats.days} days`} />
        {isAdmin && (
          <Kpi
            label="Unmatched tickets"
            value={stats.unmatched}
            tone={stats.unmatched > 0 ? "warning" : undefined}
            hint="Matched no deployed workflow"
            link={{ to: "/admin/intake", text: "Review intake" }}
          />
        )}
      </div>
      <div className="chart-grid">
        <FlowChart stats={stats} />
        <StatusChart stats={stats} />
        <PriorityChart stats={stats} />
        <StepChart stats={stats} />
        <SlaMetPanel stats={stats} />
      </div>
      <p className="muted dashboard-updated">Figures as of {formatDateTime(stats.generated_at)}; they refresh every minute.</p>
    </div>
  );
}

function Kpi({
  label,
  value,
  hint,
  tone,
  link,
}: {
  label: string;
  value: number | string;
  hint?: string;
  tone?: "danger" | "warning" | "ok";
  link?: { to: string; text: string };
}) {
  const id = useId();
  return (
    <div className={`card kpi${tone ? ` kpi-${tone}` : ""}`} role="group" aria-labelledby={id}>
      <span id={id} className="kpi-label">
        {label}
      </span>
      <span className="kpi-value" data-testid="kpi-value">
        {typeof value === "number" ? value.toLocaleString() : value}
      </span>
      {hint && <span className="kpi-hint">{hint}</span>}
      {link && (
        <Link className="kpi-link" to={link.to}>
          {link.text} →
        </Link>
      )}
    </div>
  );
}
