import { afterEach, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { createMatcher, isTypingTarget, SEQUENCE_MS } from "./useShortcuts";
import { moveCursor } from "./useListCursor";
import { accessKeys } from "./accessKeys";

/** A keydown dispatched at `target` (the document's body by default), run through `match`. */
function press(match: (event: KeyboardEvent) => string | undefined, key: string, target: HTMLElement = document.body, init: KeyboardEventInit = {}) {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  let fired: string | undefined;
  const listener = (e: Event) => (fired = match(e as KeyboardEvent));
  target.addEventListener("keydown", listener);
  target.dispatchEvent(event);
  target.removeEventListener("keydown", listener);
  return { fired, prevented: event.defaultPrevented };
}

function field(html: string): HTMLElement {
  const holder = document.createElement("div");
  holder.innerHTML = html;
  document.body.append(holder);
  return holder.firstElementChild as HTMLElement;
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("shortcut matching", () => {
  it("runs a one-key shortcut and takes the key from the browser", () => {
    const j = vi.fn();
    const match = createMatcher(() => ({ j }));
    expect(press(match, "j")).toEqual({ fired: "j", prevented: true });
    expect(j).toHaveBeenCalledTimes(1);
    expect(press(match, "x").fired).toBeUndefined();
  });

  it.each([
    ["a text input", "<input type='text'>"],
    ["a search box", "<input type='search'>"],
    ["a textarea", "<textarea></textarea>"],
    ["a select", "<select><option>a</option></select>"],
    ["a contenteditable region", "<div contenteditable='true'><span>x</span></div>"],
  ])("fires nothing while typing in %s", (_, html) => {
    const j = vi.fn();
    const match = createMatcher(() => ({ j, "?": j, "g i": j }));
    const target = field(html);
    const inner = (target.querySelector("span") as HTMLElement | null) ?? target;
    for (const key of ["j", "?", "g", "i"]) expect(press(match, key, inner)).toEqual({ fired: undefined, prevented: false });
    expect(j).not.toHaveBeenCalled();
  });

  it("fires on a checkbox or a link (they do not take letters)", () => {
    const j = vi.fn();
    const match = createMatcher(() => ({ j }));
    expect(press(match, "j", field("<input type='checkbox'>")).fired).toBe("j");
    expect(press(match, "j", field("<a href='#x'>x</a>")).fired).toBe("j");
  });

  it.each(["ctrlKey", "metaKey", "altKey"])("fires nothing with %s held", (modifier) => {
    const j = vi.fn();
    const match = createMatcher(() => ({ j }));
    expect(press(match, "j", document.body, { [modifier]: true }).fired).toBeUndefined();
    expect(j).not.toHaveBeenCalled();
  });

  it("fires nothing while a modal dialog is open", () => {
    const j = vi.fn();
    const match = createMatcher(() => ({ j }));
    field("<dialog open><p>x</p></dialog>");
    expect(press(match, "j").fired).toBeUndefined();
  });

  it("runs `g i` and `g d` as sequences; the g alone does nothing", () => {
    const inbox = vi.fn();
    const dashboard = vi.fn();
    const match = createMatcher(() => ({ "g i": inbox, "g d": dashboard }));
    expect(press(match, "g").fired).toBeUndefined();
    expect(press(match, "i").fired).toBe("g i");
    expect(press(match, "g").fired).toBeUndefined();
    expect(press(match, "d").fired).toBe("g d");
    expect(inbox).toHaveBeenCalledTimes(1);
    expect(dashboard).toHaveBeenCalledTimes(1);
    // an i on its own is not the sequence
    expect(press(match, "i").fired).toBeUndefined();
    expect(inbox).toHaveBeenCalledTimes(1);
  });

  it("forgets the g after SEQUENCE_MS, after an unknown second key, and when typing starts", () => {
    let now = 0;
    const inbox = vi.fn();
    const match = createMatcher(() => ({ "g i": inbox }), () => now);
    press(match, "g");
    now = SEQUENCE_MS + 1;
    expect(press(match, "i").fired).toBeUndefined();
    press(match, "g");
    press(match, "x");
    expect(press(match, "i").fired).toBeUndefined();
    press(match, "g");
    press(match, "i", field("<input>"));
    expect(press(match, "i").fired).toBeUndefined();
    expect(inbox).not.toHaveBeenCalled();
  });

  it("lets a handler decline a key (returns false): nothing is prevented", () => {
    const match = createMatcher(() => ({ Enter: () => false }));
    expect(press(match, "Enter")).toEqual({ fired: undefined, prevented: false });
  });

  it("property: no printable key fires while typing in a text field", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 1 }), fc.constantFrom("<input>", "<textarea></textarea>", "<select></select>"), (key, html) => {
        document.body.innerHTML = "";
        const handler = vi.fn();
        const match = createMatcher(() => ({ [key]: handler, [`g ${key}`]: handler }));
        const target = field(html);
        press(match, "g", target);
        press(match, key, target);
        return handler.mock.calls.length === 0;
      }),
    );
  });
});

describe("isTypingTarget", () => {
  it("knows fields from the rest", () => {
    expect(isTypingTarget(field("<input type='email'>"))).toBe(true);
    expect(isTypingTarget(field("<input type='radio'>"))).toBe(false);
    expect(isTypingTarget(field("<button>x</button>"))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe("moveCursor", () => {
  it("starts at the top on j and the bottom on k, and stays in range", () => {
    expect(moveCursor(-1, 1, 3)).toBe(0);
    expect(moveCursor(-1, -1, 3)).toBe(2);
    expect(moveCursor(2, 1, 3)).toBe(2);
    expect(moveCursor(0, -1, 3)).toBe(0);
    expect(moveCursor(1, 1, 0)).toBe(-1);
  });

  it("property: any walk stays on a row", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(fc.constantFrom<1 | -1>(1, -1)), (count, steps) => {
        const end = steps.reduce<number>((at, step) => moveCursor(at, step, count), -1);
        return steps.length === 0 ? end === -1 : end >= 0 && end < count;
      }),
    );
  });
});

describe("accessKeys", () => {
  it("gives each transition its first letter, or its next free one", () => {
    expect(accessKeys(["Approve → Review", "Assign → Triage", "Reject → End"])).toEqual(["a", "s", "r"]);
  });

  it("property: keys are unique, each a character of its label, or empty", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 12 }), (labels) => {
        const keys = accessKeys(labels);
        const given = keys.filter(Boolean);
        return new Set(given).size === given.length && keys.every((key, index) => key === "" || labels[index].toLowerCase().includes(key));
      }),
    );
  });
});
