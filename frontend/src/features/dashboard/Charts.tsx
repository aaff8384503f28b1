import type { ReactElement } from "react";
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { Priority } from "../../api/types";
import { formatDay, type TaskStats } from "./api";

/** Fills that match the badges (app.css): the strong tone of each badge's colour, as CSS variables so the charts follow the theme. */
export const PRIORITY_COLOURS: Record<Priority, string> = {
  Low: "var(--chart-low)",
  Medium: "var(--primary)",
  High: "var(--chart-amber)",
  Critical: "var(--red)",
};
const STATUS_BARS = [
  { key: "pending", label: "Pending", colour: "var(--chart-amber)" },
  { key: "in_progress", label: "In progress", colour: "var(--primary)" },
  { key: "on_hold", label: "On hold", colour: "var(--violet)" },
] as const;
const PRIORITIES: Priority[] = ["Low", "Medium", "High", "Critical"];
const RECEIVED = "var(--primary)";
const RESOLVED = "var(--ok)";
const AXIS = { fontSize: 12, fill: "var(--muted)" };
const TOOLTIP = { contentStyle: { borderRadius: 8, borderColor: "var(--border)", background: "var(--surface)", color: "var(--text)", fontSize: 13 } };
/** How many steps the step chart draws (the summary table lists them all). */
const MAX_STEPS = 12;

/**
 * One chart on a card: a heading, the drawing (hidden from assistive technology)
 * and the same numbers as a visually hidden table named after the heading.
 */
function ChartCard({
  id,
  title,
  summary,
  columns,
  rows,
  emptyText,
  height = 240,
  wide = false,
  children,
}: {
  id: string;
  title: string;
  summary: string;
  columns: string[];
  rows: (string | number)[][];
  emptyText?: string;
  height?: number;
  wide?: boolean;
  children: ReactElement;
}) {
  return (
    <section className={`card chart-card${wide ? " chart-wide" : ""}`} aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="chart-summary" id={`${id}-summary`}>
        {summary}
      </p>
      {emptyText ? (
        <p className="chart-empty">{emptyText}</p>
      ) : (
        <>
          <div className="chart-box" style={{ height }} aria-hidden="true">
            <ResponsiveContainer width="100%" height="100%" minWidth={0}>
              {children}
            </ResponsiveContainer>
          </div>
          <div className="visually-hidden">
            <table>
              <caption>{title}</caption>
              <thead>
                <tr>
                  {columns.map((column) => (
                    <th key={column} scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={index}>
                    {row.map((cell, column) =>
                      column === 0 ? (
                        <th key={column} scope="row">
                          {cell}
                        </th>
                      ) : (
                        <td key={column}>{cell}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

interface CountBar {
  name: string;
  count: number;
  colour: string;
}

/** Open tasks counted by one property, a coloured bar each (status, priority). */
function OpenTaskBars({ id, title, label, data, maxBarSize }: { id: string; title: string; label: string; data: CountBar[]; maxBarSize: number }) {
  const total = data.reduce((sum, item) => sum + item.count, 0);
  return (
    <ChartCard
      id={id}
      title={title}
      summary={data.map((item) => `${item.name}: ${item.count}`).join(" · ")}
      columns={[label, "Open tasks"]}
      rows={data.map((item) => [item.name, item.count])}
      emptyText={total === 0 ? "No open tasks." : undefined}
    >
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
        <XAxis dataKey="name" tick={AXIS} tickLine={false} axisLine={{ stroke: "var(--border)" }} />
        <YAxis allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} />
        <Tooltip cursor={{ fill: "var(--surface-2)" }} {...TOOLTIP} />
        <Bar dataKey="count" name="Open tasks" radius={[6, 6, 0, 0]} maxBarSize={maxBarSize}>
          {data.map((item) => (
            <Cell key={item.name} fill={item.colour} />
          ))}
        </Bar>
      </BarChart>
    </ChartCard>
  );
}

export function StatusChart({ stats }: { stats: TaskStats }) {
  const data = STATUS_BARS.map((bar) => ({ name: bar.label, count: stats.open_by_status[bar.key] ?? 0, colour: bar.colour }));
  return <OpenTaskBars id="chart-status" title="Open tasks by status" label="Status" data={data} maxBarSize={72} />;
}

export function PriorityChart({ stats }: { stats: TaskStats }) {
  const data = PRIORITIES.map((priority) => ({ name: priority, count: stats.open_by_priority?.[priority] ?? 0, colour: PRIORITY_COLOURS[priority] }));
  return <OpenTaskBars id="chart-priority" title="Open tasks by priority" label="Priority" data={data} maxBarSize={56} />;
}

export function StepChart({ stats }: { stats: TaskStats }) {
  const steps = [...(stats.open_by_step ?? [])]
    .filter((item) => item.count > 0)
    .sort((a, b) => b.count - a.count)
    .map((item) => ({ label: `${item.workflow} · ${item.step}`, count: item.count }));
  const drawn = steps.slice(0, MAX_STEPS);
  const busiest = steps[0];
  return (
    <ChartCard
      id="chart-step"
      title="Open tasks by step"
      summary={
        busiest
          ? `${steps.length} step${steps.length === 1 ? "" : "s"} hold open tasks; the busiest is ${busiest.label} with ${busiest.count}.` +
            (steps.length > MAX_STEPS ? ` The chart shows the ${MAX_STEPS} busiest.` : "")
          : "No open task waits at a step."
      }
      columns={["Workflow · step", "Open tasks"]}
      rows={steps.map((item) => [item.label, item.count])}
      emptyText={steps.length === 0 ? "Nothing is waiting at a workflow step." : undefined}
      height={Math.max(140, drawn.length * 46 + 40)}
      wide
    >
      <BarChart data={drawn} layout="vertical" margin={{ top: 16, right: 40, bottom: 0, left: 0 }} barCategoryGap={14} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="var(--border)" />
        <XAxis type="number" allowDecimals={false} tick={AXIS} tickLine={false} axisLine={{ stroke: "var(--border)" }} />
        <YAxis type="category" dataKey="label" hide />
        <Tooltip cursor={{ fill: "var(--surface-2)" }} {...TOOLTIP} />
        <Bar dataKey="count" name="Open tasks" fill="var(--violet)" radius={[0, 6, 6, 0]} maxBarSize={16} isAnimationActive={false}>
          <LabelList dataKey="label" content={StepLabel} />
          <LabelList dataKey="count" position="right" style={{ fontSize: 12, fontWeight: 600, fill: "var(--text)" }} />
        </Bar>
      </BarChart>
    </ChartCard>
  );
}

/** A step's name written just above its bar, so long names need no axis column. */
function StepLabel(props: { x?: number | string; y?: number | string; value?: unknown }) {
  const x = Number(props.x ?? 0);
  const y = Number(props.y ?? 0);
  return (
    <text x={x} y={y - 5} fontSize={12} fill="var(--text)">
      {String(props.value ?? "")}
    </text>
  );
}

export function FlowChart({ stats }: { stats: TaskStats }) {
  const data = stats.per_day ?? [];
  const received = data.reduce((sum, day) => sum + day.received, 0);
  const resolved = data.reduce((sum, day) => sum + day.resolved, 0);
  return (
    <ChartCard
      id="chart-flow"
      title="Received and resolved per day"
      summary={`Over the last ${stats.days} days: ${received} received, ${resolved} resolved.`}
      columns={["Day", "Received", "Resolved"]}
      rows={data.map((day) => [day.date, day.received, day.resolved])}
      emptyText={received + resolved === 0 ? "Nothing was received or resolved in this period." : undefined}
      height={260}
      wide
    >
      <AreaChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }} accessibilityLayer={false}>
        <defs>
          <linearGradient id="fill-received" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor={RECEIVED} stopOpacity={0.25} />
            <stop offset="100%" stopColor={RECEIVED} stopOpacity={0.02} />
          </linearGradient>
          <linearGradient id="fill-resolved" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor={RESOLVED} stopOpacity={0.25} />
            <stop offset="100%" stopColor={RESOLVED} stopOpacity={0.02} />
          </linearGradient>
        </defs>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
        <XAxis dataKey="date" tickFormatter={formatDay} tick={AXIS} tickLine={false} axisLine={{ stroke: "var(--border)" }} minTickGap={24} />
        <YAxis allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} />
        <Tooltip labelFormatter={(label) => formatDay(String(label))} {...TOOLTIP} />
        <Legend iconType="circle" wrapperStyle={{ fontSize: 13 }} />
        <Area type="monotone" dataKey="received" name="Received" stroke={RECEIVED} strokeWidth={2} fill="url(#fill-received)" />
        <Area type="monotone" dataKey="resolved" name="Resolved" stroke={RESOLVED} strokeWidth={2} fill="url(#fill-resolved)" />
      </AreaChart>
    </ChartCard>
  );
}
