import { describe, expect, it } from "vitest";
import { describeUserAgent, sessionTimeFormat } from "@/app/account/sessions";

// The account page words each session's times on the server. A reader whose zone cookie is not
// set yet (the first page after sign-in can be /account) gets UTC with the zone named.

const when = new Date("2026-12-05T06:30:00Z");

describe("session times on the account page", () => {
  it("without a zone cookie: UTC, with the zone named", () => {
    expect(sessionTimeFormat(null).format(when)).toMatch(/^Dec 5, 2026, 6:30\sAM UTC$/);
  });

  it("in the reader's zone and locale when the cookie names them", () => {
    const berlin = sessionTimeFormat({ timeZone: "Europe/Berlin", locale: "de-DE" }).format(when);
    expect(berlin).toBe("05.12.2026, 07:30");
    const newYork = sessionTimeFormat({ timeZone: "America/New_York", locale: "en-US" }).format(when);
    expect(newYork).toMatch(/^Dec 5, 2026, 1:30\sAM$/);
  });

  it("names the browser and system, or says the device is unknown", () => {
    expect(describeUserAgent(null)).toBe("Unknown device");
    expect(
      describeUserAgent(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
      ),
    ).toBe("Chrome on Linux");
  });
});
