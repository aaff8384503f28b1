import { useEffect, useState } from "react";

export type SlaLevel = "ok" | "warning" | "breached" | "done";

/** Where a task stands against its SLA: amber once 75% of the time from receipt to target is used, red when past it. */
export function slaLevel(receivedAt: string, target: string | null, now: number, open = true): SlaLevel {
  if (!open || !target) return "done";
  const start = Date.parse(receivedAt);
  const end = Date.parse(target);
  if (now >= end) return "breached";
  return end > start && (now - start) / (end - start) >= 0.75 ? "warning" : "ok";
}

/** "2d 4h", "3h 12m", "4m 10s"; past the target: "overdue 1h 5m". */
export function formatRemaining(milliseconds: number): string {
  const overdue = milliseconds < 0;
  let seconds = Math.floor(Math.abs(milliseconds) / 1000);
  const days = Math.floor(seconds / 86400);
  seconds -= days * 86400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const text = days ? `${days}d ${hours}h` : hours ? `${hours}h ${minutes}m` : `${minutes}m ${seconds}s`;
  return overdue ? `overdue ${text}` : text;
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function SlaCountdown({ receivedAt, target, open }: { receivedAt: string; target: string | null; open: boolean }) {
  const now = useNow(1000);
  const level = slaLevel(receivedAt, target, now, open);
  if (level === "done" || !target) return <span className="sla sla-done">—</span>;
  const label = formatRemaining(Date.parse(target) - now);
  const meaning = level === "breached" ? "SLA breached" : level === "warning" ? "SLA at risk" : "SLA on track";
  return (
    <span className={`sla sla-${level}`} title={`${meaning}: due ${new Date(target).toLocaleString()}`} aria-label={`${meaning}, ${label}`}>
      {label}
    </span>
  );
}
