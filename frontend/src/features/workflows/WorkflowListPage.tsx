import { useMemo, useState } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { useUrlParams } from "../../components/useUrlParams";
import { deployWorkflow, listWorkflows, pauseWorkflow } from "../../api/workflow";
import { ApiError } from "../../api/errors";
import type { Workflow, WorkflowStatus } from "../../api/types";
import { Banner, EmptyState, QueryState } from "../../components/States";
import { formatDateTime, formatDuration, formatRelative } from "../../components/format";
import { useToast } from "../../components/Toasts";
import { slaParts } from "./draft";
import "./workflows.css";

const STATUS_LABEL: Record<WorkflowStatus, string> = { draft: "Draft", deployed: "Deployed", paused: "Paused" };
const BUCKET_SHORT = { low: "L", medium: "M", high: "H", urgent: "C" } as const;
// The SLA bucket `urgent` holds the target of Critical tasks: one priority vocabulary (docs/api.md), "Critical".
const BUCKET_LABEL = { low: "Low", medium: "Medium", high: "High", urgent: "Critical" } as const;

export function WorkflowStatusBadge({ status }: { status: WorkflowStatus }) {
  return <span className={`badge badge-${status}`}>{STATUS_LABEL[status] ?? status}</span>;
}

export function SlaSummary({ sla }: { sla: Workflow["sla"] | null | undefined }) {
  const parts = slaParts(sla);
  if (!parts.length) return <span className="muted">—</span>;
  const spoken = parts.map(({ bucket, seconds }) => `${BUCKET_LABEL[bucket]} ${formatDuration(seconds)}`).join(", ");
  return (
    <span className="wf-sla-summary" title={spoken}>
      <span className="visually-hidden">{spoken}</span>
      {parts.map(({ bucket, seconds }) => (
        <span key={bucket} className="wf-sla-part" aria-hidden="true">
          <span className="muted">{BUCKET_SHORT[bucket]}</span> {formatDuration(seconds)}
        </span>
      ))}
    </span>
  );
}

/** Whether someone searching for `text` means this workflow (its name, category, sub-category or department). */
export function matchesSearch(workflow: Workflow, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  return [workflow.name, workflow.category, workflow.sub_category, workflow.department].some((value) => (value || "").toLowerCase().includes(needle));
}

/** The administrators' list of workflows: status, version, SLA, and deploy/pause from the row. */
export function WorkflowListPage() {
  const [params, updateParams] = useUrlParams();
  const status = params.get("status") || "";
  const search = params.get("search") || "";
  const query = { status: status || undefined, page_size: 200 };
  const workflows = useQuery({ queryKey: ["workflows", query], queryFn: () => listWorkflows(query), placeholderData: keepPreviousData });
  const queryClient = useQueryClient();
  const toast = useToast();
  const [refusal, setRefusal] = useState<{ name: string; error: ApiError } | null>(null);

  const update = (key: string, value: string) => updateParams({ [key]: value }, { replace: true });

  const action = useMutation({
    mutationFn: ({ workflow, kind }: { workflow: Workflow; kind: "deploy" | "pause" }) =>
      kind === "deploy" ? deployWorkflow(workflow.id) : pauseWorkflow(workflow.id),
    onMutate: () => setRefusal(null),
    onSuccess: (updated, { kind }) => {
      toast({
        kind: "success",
        title: kind === "deploy" ? "Workflow deployed" : "Workflow paused",
        body: kind === "deploy" ? `${updated.name} is live as version ${updated.version}.` : `${updated.name} no longer takes new tickets.`,
      });
      queryClient.setQueryData(["workflow", String(updated.id)], updated);
      void queryClient.invalidateQueries({ queryKey: ["workflows"] });
    },
    onError: (error, { workflow }) => {
      setRefusal({ name: workflow.name, error: error instanceof ApiError ? error : new ApiError(0, null) });
    },
  });

  const shown = useMemo(() => (workflows.data?.results ?? []).filter((workflow) => matchesSearch(workflow, search)), [workflows.data, search]);

  return (
    <section aria-labelledby="workflows-title" className="wf-page">
      <div className="page-header">
        <h1 id="workflows-title">Workflows</h1>
        {workflows.isFetching && !workflows.isPending && <span className="spinner" role="status" aria-label="Refreshing" />}
        <div className="actions">
          <Link to="/admin/workflows/new" className="button button-primary">
            New workflow
          </Link>
        </div>
      </div>
      <div className="filters" role="search">
        <div className="field">
          <label htmlFor="wf-search">Search by name or category</label>
          <input id="wf-search" type="search" value={search} onChange={(event) => update("search", event.target.value)} placeholder="e.g. IT Support" />
        </div>
        <div className="field">
          <label htmlFor="wf-status">Status</label>
          <select id="wf-status" value={status} onChange={(event) => update("status", event.target.value)}>
            <option value="">Any</option>
            <option value="draft">Draft</option>
            <option value="deployed">Deployed</option>
            <option value="paused">Paused</option>
          </select>
        </div>
      </div>
      {refusal && (
        <Banner>
          <div className="wf-banner-head">
            <strong>
              {refusal.error.problems.length ? "The workflow cannot be deployed" : "That did not work"}: {refusal.name}
            </strong>
            <button type="button" className="button button-ghost button-small" onClick={() => setRefusal(null)}>
              <span aria-hidden="true">✕</span>
              <span className="visually-hidden">Dismiss</span>
            </button>
          </div>
          {refusal.error.problems.length ? (
            <>
              <ul>
                {refusal.error.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </>
          ) : (
            <p className="wf-banner-text">{refusal.error.message}</p>
          )}
        </Banner>
      )}
      <QueryState
        query={workflows}
        isEmpty={() => shown.length === 0}
        empty={
          search || status ? (
            <EmptyState title="No workflow matches these filters">Try another name, category or status.</EmptyState>
          ) : (
            <EmptyState title="No workflows yet">
              <p>A workflow turns matching tickets into tasks and walks them through its steps.</p>
              <Link to="/admin/workflows/new" className="button button-primary">
                Create the first workflow
              </Link>
            </EmptyState>
          )
        }
      >
        {() => (
          <div className="table-wrap">
            <table className="table" aria-describedby="workflows-title">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col" className="hide-narrow">
                    Category
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col" className="hide-narrow">
                    Version
                  </th>
                  <th scope="col" className="hide-narrow">
                    SLA
                  </th>
                  <th scope="col" className="hide-narrow wf-col-updated">
                    Updated
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((workflow) => (
                  <WorkflowRow
                    key={workflow.id}
                    workflow={workflow}
                    busy={action.isPending && action.variables?.workflow.id === workflow.id}
                    onAction={(kind) => action.mutate({ workflow, kind })}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}

function WorkflowRow({ workflow, busy, onAction }: { workflow: Workflow; busy: boolean; onAction: (kind: "deploy" | "pause") => void }) {
  const canDeploy = workflow.status !== "deployed" || workflow.has_undeployed_changes;
  const category = [workflow.category, workflow.sub_category].filter(Boolean).join(" › ");
  return (
    <tr data-testid="workflow-row" data-workflow={workflow.name}>
      <td>
        <Link to={`/admin/workflows/${workflow.id}`}>{workflow.name}</Link>
        {workflow.description && <div className="muted wf-row-description hide-narrow">{workflow.description}</div>}
        <div className="muted wf-row-description wf-show-narrow">
          {[category, workflow.version === null ? "" : `v${workflow.version}`].filter(Boolean).join(" · ")}
        </div>
      </td>
      <td className="hide-narrow">
        <span>{category || <span className="muted">—</span>}</span>
        {workflow.department && <div className="muted wf-row-description">{workflow.department}</div>}
      </td>
      <td>
        <div className="wf-status-cell">
          <WorkflowStatusBadge status={workflow.status} />
          {workflow.has_undeployed_changes && workflow.version !== null && (
            <span className="badge wf-badge-changes" title="Edited since the last deploy">
              Changes not deployed
            </span>
          )}
        </div>
      </td>
      <td className="hide-narrow">{workflow.version === null ? <span className="muted">—</span> : `v${workflow.version}`}</td>
      <td className="hide-narrow">
        <SlaSummary sla={workflow.sla} />
        {workflow.calendar && (
          <div className="muted wf-sla-calendar" data-testid="sla-calendar">
            business hours, {workflow.calendar.timezone}
          </div>
        )}
      </td>
      <td className="hide-narrow muted wf-nowrap wf-col-updated" title={formatDateTime(workflow.updated_at)}>
        {formatRelative(workflow.updated_at)}
      </td>
      <td>
        <div className="row wf-row-actions">
          {canDeploy && (
            <button type="button" className="button button-small" disabled={busy} onClick={() => onAction("deploy")}>
              Deploy <span className="visually-hidden">{workflow.name}</span>
            </button>
          )}
          {workflow.status === "deployed" && (
            <button type="button" className="button button-small" disabled={busy} onClick={() => onAction("pause")}>
              Pause <span className="visually-hidden">{workflow.name}</span>
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
