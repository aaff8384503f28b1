import { useEffect, useId, useState } from "react";

/**
 * A search box with its button, as its own form (Enter searches). `value` is the search in force
 * (the box follows it when it changes elsewhere); `onSearch` gets the trimmed text, "" to clear.
 */
export function SearchField({ label, value, placeholder, onSearch }: { label: string; value: string; placeholder?: string; onSearch: (text: string) => void }) {
  const id = useId();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <form
      className="field search-field"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(text.trim());
      }}
    >
      <label htmlFor={id}>{label}</label>
      <div className="row" style={{ flexWrap: "nowrap" }}>
        <input id={id} type="search" value={text} onChange={(event) => setText(event.target.value)} placeholder={placeholder} />
        <button type="submit" className="button">
          Search
        </button>
        {value && (
          <button type="button" className="button button-ghost" onClick={() => onSearch("")}>
            Clear
          </button>
        )}
      </div>
    </form>
  );
}
