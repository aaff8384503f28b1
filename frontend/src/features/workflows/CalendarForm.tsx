import { useId, useMemo, useRef } from "react";
import type { BusinessCalendar, Weekday } from "../../api/types";
import { Field } from "../../components/Field";
import {
  MAX_INTERVALS_PER_DAY,
  WEEKDAYS,
  addInterval,
  defaultCalendar,
  isClockTime,
  removeInterval,
  timeZones,
  updateInterval,
  weeklyOpenMinutes,
  type CalendarErrors,
} from "./calendar";

const NO_ERRORS: CalendarErrors = { days: {} };

/**
 * The workflow's business hours: around the clock, or open hours per weekday in
 * an IANA time zone minus holidays. SLA targets count only open time. The server's
 * errors show under their control (`calendar.timezone`, `calendar.hours.mon`...).
 */
export function CalendarForm({
  calendar,
  errors = NO_ERRORS,
  onChange,
}: {
  calendar: BusinessCalendar | null;
  errors?: CalendarErrors;
  onChange: (calendar: BusinessCalendar | null) => void;
}) {
  const id = useId();
  const zones = useMemo(timeZones, []);
  // Switching to around the clock and back restores what was there.
  const previous = useRef<BusinessCalendar | null>(null);

  function choose(businessHours: boolean) {
    if (businessHours === Boolean(calendar)) return;
    if (businessHours) onChange(previous.current ?? defaultCalendar());
    else {
      previous.current = calendar;
      onChange(null);
    }
  }

  const weekly = calendar ? weeklyOpenMinutes(calendar) : 0;
  return (
    <fieldset className="wf-sla wf-calendar" data-testid="calendar-form">
      <legend>Business hours</legend>
      <p className="muted wf-sla-help">SLA targets count only the hours the desk is open, in its time zone; holidays are closed all day.</p>
      <div className="row wf-calendar-mode" role="radiogroup" aria-label="When the SLA clock runs">
        <label className="wf-check">
          <input type="radio" name={`${id}-mode`} checked={!calendar} onChange={() => choose(false)} />
          Around the clock
        </label>
        <label className="wf-check">
          <input type="radio" name={`${id}-mode`} checked={Boolean(calendar)} onChange={() => choose(true)} />
          Business hours only
        </label>
      </div>
      {errors.general && <p className="field-error" role="alert">{errors.general}</p>}
      {calendar && (
        <>
          <div className="wf-calendar-zone">
            <Field label="Time zone" error={errors.timezone} hint="Type to search the IANA names, e.g. Asia/Manila.">
              <input value={calendar.timezone} list={`${id}-zones`} autoComplete="off" spellCheck={false} onChange={(event) => onChange({ ...calendar, timezone: event.target.value })} />
            </Field>
            <datalist id={`${id}-zones`}>
              {zones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </div>
          <div className="wf-calendar-week" role="group" aria-labelledby={`${id}-week`}>
            <h3 id={`${id}-week`} className="wf-calendar-heading">
              Open hours <span className="muted">({formatWeekly(weekly)} a week)</span>
            </h3>
            {errors.hours && <p className="field-error">{errors.hours}</p>}
            {WEEKDAYS.map(({ key, label }) => (
              <DayRow key={key} day={key} label={label} calendar={calendar} error={errors.days[key]} onChange={onChange} />
            ))}
          </div>
          <Holidays calendar={calendar} error={errors.holidays} onChange={onChange} />
        </>
      )}
    </fieldset>
  );
}

function formatWeekly(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

function DayRow({
  day,
  label,
  calendar,
  error,
  onChange,
}: {
  day: Weekday;
  label: string;
  calendar: BusinessCalendar;
  error?: string;
  onChange: (calendar: BusinessCalendar) => void;
}) {
  const id = useId();
  const intervals = calendar.hours[day];
  const badTime = intervals.some(([from, to]) => !isClockTime(from) || !isClockTime(to));
  const message = [badTime ? "Write times as HH:MM (24:00 for midnight)." : "", error ?? ""].filter(Boolean).join(" ");
  return (
    <div className={`wf-calendar-day${message ? " field-invalid" : ""}`} role="group" aria-labelledby={`${id}-day`} data-testid={`calendar-day-${day}`}>
      <span id={`${id}-day`} className="wf-calendar-day-name">
        {label}
      </span>
      <div className="wf-calendar-intervals">
        {intervals.length === 0 && <span className="muted">Closed</span>}
        {intervals.map(([from, to], index) => (
          <span key={index} className="wf-calendar-interval">
            <input
              className="wf-time"
              value={from}
              inputMode="numeric"
              placeholder="HH:MM"
              aria-label={`${label} interval ${index + 1} opens`}
              aria-invalid={message ? true : undefined}
              aria-describedby={message ? `${id}-error` : undefined}
              onChange={(event) => onChange(updateInterval(calendar, day, index, 0, event.target.value))}
            />
            <span aria-hidden="true">–</span>
            <input
              className="wf-time"
              value={to}
              inputMode="numeric"
              placeholder="HH:MM"
              aria-label={`${label} interval ${index + 1} closes`}
              aria-invalid={message ? true : undefined}
              aria-describedby={message ? `${id}-error` : undefined}
              onChange={(event) => onChange(updateInterval(calendar, day, index, 1, event.target.value))}
            />
            <button type="button" className="button button-small button-ghost" onClick={() => onChange(removeInterval(calendar, day, index))}>
              <span aria-hidden="true">✕</span>
              <span className="visually-hidden">
                Remove {label} interval {index + 1}
              </span>
            </button>
          </span>
        ))}
        <button
          type="button"
          className="button button-small"
          disabled={intervals.length >= MAX_INTERVALS_PER_DAY}
          onClick={() => onChange(addInterval(calendar, day))}
        >
          Add hours <span className="visually-hidden">on {label}</span>
        </button>
      </div>
      {message && (
        <small id={`${id}-error`} className="field-error wf-calendar-error">
          {message}
        </small>
      )}
    </div>
  );
}

function Holidays({ calendar, error, onChange }: { calendar: BusinessCalendar; error?: string; onChange: (calendar: BusinessCalendar) => void }) {
  const id = useId();
  const set = (holidays: string[]) => onChange({ ...calendar, holidays });
  return (
    <div className={`wf-calendar-holidays${error ? " field-invalid" : ""}`} role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="wf-calendar-heading">
        Holidays
      </h3>
      {calendar.holidays.length === 0 && <p className="muted wf-calendar-none">No holidays.</p>}
      <ul className="wf-calendar-dates">
        {calendar.holidays.map((date, index) => (
          <li key={index}>
            <input
              type="date"
              value={date}
              aria-label={`Holiday ${index + 1}`}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(event) => set(calendar.holidays.map((value, at) => (at === index ? event.target.value : value)))}
            />
            <button type="button" className="button button-small button-ghost" onClick={() => set(calendar.holidays.filter((_, at) => at !== index))}>
              <span aria-hidden="true">✕</span>
              <span className="visually-hidden">Remove holiday {index + 1}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="button button-small" onClick={() => set([...calendar.holidays, ""])}>
        Add holiday
      </button>
      {error && (
        <small id={`${id}-error`} className="field-error wf-calendar-error">
          {error}
        </small>
      )}
    </div>
  );
}
