import { describe, expect, it } from "vitest";
import { describeDue, type Zone } from "@/lib/shared/due";
import { parseZone } from "@/lib/shared/zone";

// How due dates read in a given reader's zone: what the server words the first page with, and what
// the browser then words the same way in its own zone.

const BERLIN: Zone = { timeZone: "Europe/Berlin", locale: "en-GB" };
const NEW_YORK: Zone = { timeZone: "America/New_York", locale: "en-US" };
// 00:30 on 11 March in Berlin, still 10 March (19:30) in New York.
const NOW = new Date("2026-03-10T23:30:00Z");
// ICU puts a narrow no-break space before AM/PM.
const plain = (text: string) => text.replace(/\u202f/g, " ");

describe("describeDue in a reader's zone", () => {
  it.each([
    ["2026-03-11T10:00:00Z", BERLIN, "soon", "Due today 11:00"],
    ["2026-03-11T10:00:00Z", NEW_YORK, "soon", "Due tomorrow 6:00 AM"],
    // 23:59 in the reader's zone means "by the end of that day": no time shown.
    ["2026-03-11T22:59:00Z", BERLIN, "soon", "Due today"],
    ["2026-03-11T22:59:00Z", NEW_YORK, "soon", "Due tomorrow 6:59 PM"],
    ["2026-03-10T08:15:00Z", BERLIN, "overdue", "Overdue · yesterday 9:15"],
    ["2026-03-10T08:15:00Z", NEW_YORK, "overdue", "Overdue · today 4:15 AM"],
    ["2026-03-14T12:00:00Z", BERLIN, "later", "Due Saturday 13:00"],
    ["2026-03-25T12:00:00Z", NEW_YORK, "later", "Due Mar 25 8:00 AM"],
    ["2027-01-05T12:00:00Z", BERLIN, "later", "Due 5 Jan 2027 13:00"],
  ] as const)("%s in %o reads %s, %s", (dueAt, zone, state, label) => {
    const due = describeDue(dueAt, false, NOW, zone);
    expect(due.state).toBe(state);
    expect(plain(due.label)).toBe(label);
  });

  it("words the full date for the tooltip in the zone's language", () => {
    expect(plain(describeDue("2026-03-11T10:00:00Z", false, NOW, BERLIN).full)).toBe(
      "Wednesday, 11 March 2026 at 11:00",
    );
    expect(plain(describeDue("2026-03-11T10:00:00Z", true, NOW, NEW_YORK).full)).toBe(
      "Wednesday, March 11, 2026 at 6:00 AM",
    );
  });

  it("marks a completed task done whatever its date", () => {
    expect(describeDue("2026-03-09T12:00:00Z", true, NOW, BERLIN).state).toBe("done");
  });

  it("reads the same as the local wording when the zone is the local one", () => {
    const local = new Intl.DateTimeFormat().resolvedOptions();
    const zone = { timeZone: local.timeZone, locale: local.locale };
    for (let hours = -200; hours <= 400; hours += 7) {
      const dueAt = new Date(NOW.getTime() + hours * 3_600_000).toISOString();
      expect(describeDue(dueAt, false, NOW, zone)).toEqual(describeDue(dueAt, false, NOW));
    }
  });
});

describe("parseZone (the zone cookie)", () => {
  it.each([
    ["Europe/Berlin|en-GB", { timeZone: "Europe/Berlin", locale: "en-GB" }],
    ["America/Argentina/Buenos_Aires|es-AR", { timeZone: "America/Argentina/Buenos_Aires", locale: "es-AR" }],
    ["Etc/GMT+5|de-DE-u-hc-h23", { timeZone: "Etc/GMT+5", locale: "de-DE-u-hc-h23" }],
    ["Mars/Olympus_Mons|en-US", null],
    ["Europe/Berlin", null],
    ["Europe/Berlin|en GB", null],
    ["<script>|en", null],
    ["", null],
    [undefined, null],
  ])("%o → %o", (value, zone) => {
    expect(parseZone(value)).toEqual(zone);
  });
});
