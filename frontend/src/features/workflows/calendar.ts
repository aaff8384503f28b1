/**
 * A workflow's business-hours calendar in the editor (workflow_api `calendar`):
 * null is around the clock; otherwise `{"timezone": IANA name, "hours": {"mon":
 * [["08:00", "17:00"]], ..., "sun": []}, "holidays": ["2026-12-25"]}`. The editor
 * keeps exactly that shape, so the draft round-trips to the API unchanged; the
 * server checks it and names each faulty path (`calendar.timezone`,
 * `calendar.hours.mon`, `calendar.holidays`...).
 */
import type { BusinessCalendar, Weekday } from "../../api/types";

export const WEEKDAYS: { key: Weekday; label: string }[] = [
  { key: "mon", label: "Monday" },
  { key: "tue", label: "Tuesday" },
  { key: "wed", label: "Wednesday" },
  { key: "thu", label: "Thursday" },
  { key: "fri", label: "Friday" },
  { key: "sat", label: "Saturday" },
  { key: "sun", label: "Sunday" },
];
/** The server's limit per day (workflows.calendars.MAX_INTERVALS_PER_DAY). */
export const MAX_INTERVALS_PER_DAY = 8;

/** Every IANA time zone the browser knows, sorted, with UTC. */
export function timeZones(): string[] {
  const supported = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return Array.from(new Set([...supported, "UTC"])).sort();
}

/** The browser's own time zone, or UTC. */
export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** Monday to Friday 09:00–17:00 in `timezone`, no holidays: where a new calendar starts. */
export function defaultCalendar(timezone: string = localTimeZone()): BusinessCalendar {
  const workday = (): [string, string][] => [["09:00", "17:00"]];
  return {
    timezone,
    hours: { mon: workday(), tue: workday(), wed: workday(), thu: workday(), fri: workday(), sat: [], sun: [] },
    holidays: [],
  };
}

/** A copy with every weekday present (a missing day reads as closed) and lists copied, so edits never touch the original. */
export function normaliseCalendar(calendar: BusinessCalendar | null | undefined): BusinessCalendar | null {
  if (!calendar) return null;
  const hours = Object.fromEntries(WEEKDAYS.map(({ key }) => [key, (calendar.hours?.[key] ?? []).map(([from, to]) => [from, to] as [string, string])]));
  return { timezone: calendar.timezone ?? "", hours: hours as BusinessCalendar["hours"], holidays: [...(calendar.holidays ?? [])] };
}

const minuteOf = (text: string): number => {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return NaN;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= 1440 ? minutes : NaN;
};
const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** Whether `text` is a time the server takes: "HH:MM", 00:00 to 24:00. */
export const isClockTime = (text: string) => Number.isFinite(minuteOf(text));

/** Opens the day one more interval: the hour after the last one (up to 24:00), or 09:00–17:00 on a closed day. */
export function addInterval(calendar: BusinessCalendar, day: Weekday): BusinessCalendar {
  const intervals = calendar.hours[day];
  const lastEnd = intervals.length ? minuteOf(intervals[intervals.length - 1][1]) : NaN;
  const start = Number.isFinite(lastEnd) ? Math.min(lastEnd, 1380) : 540;
  const next: [string, string] = intervals.length ? [clock(start), clock(Math.min(start + 60, 1440))] : ["09:00", "17:00"];
  return { ...calendar, hours: { ...calendar.hours, [day]: [...intervals, next] } };
}

export function updateInterval(calendar: BusinessCalendar, day: Weekday, index: number, edge: 0 | 1, value: string): BusinessCalendar {
  const intervals = calendar.hours[day].map((interval, at) => (at === index ? (edge === 0 ? [value, interval[1]] : [interval[0], value]) : interval)) as [string, string][];
  return { ...calendar, hours: { ...calendar.hours, [day]: intervals } };
}

export function removeInterval(calendar: BusinessCalendar, day: Weekday, index: number): BusinessCalendar {
  return { ...calendar, hours: { ...calendar.hours, [day]: calendar.hours[day].filter((_, at) => at !== index) } };
}

/** The server's errors for the calendar ("calendar.hours.mon" → message), split by where the form shows them. */
export interface CalendarErrors {
  timezone?: string;
  hours?: string;
  days: Partial<Record<Weekday, string>>;
  holidays?: string;
  /** Anything else under `calendar` (the calendar as a whole, an unknown key). */
  general?: string;
}

export function calendarErrors(fieldErrors: Record<string, string>): CalendarErrors {
  const result: CalendarErrors = { days: {} };
  const join = (current: string | undefined, message: string) => (current ? `${current} ${message}` : message);
  for (const [path, message] of Object.entries(fieldErrors)) {
    if (path !== "calendar" && !path.startsWith("calendar.")) continue;
    const [, part, day] = path.split(".");
    const weekday = WEEKDAYS.find(({ key }) => key === day)?.key;
    if (part === "timezone") result.timezone = join(result.timezone, message);
    else if (part === "hours" && weekday) result.days[weekday] = join(result.days[weekday], message);
    else if (part === "hours") result.hours = join(result.hours, day ? `${day}: ${message}` : message);
    else if (part === "holidays") result.holidays = join(result.holidays, message);
    else result.general = join(result.general, part ? `${part}: ${message}` : message);
  }
  return result;
}

/** Open hours in a week, in minutes (for the summary "40 h a week"); intervals that do not parse count nothing. */
export function weeklyOpenMinutes(calendar: BusinessCalendar): number {
  let total = 0;
  for (const { key } of WEEKDAYS) {
    for (const [from, to] of calendar.hours[key] ?? []) {
      const span = minuteOf(to) - minuteOf(from);
      if (Number.isFinite(span) && span > 0) total += span;
    }
  }
  return total;
}
