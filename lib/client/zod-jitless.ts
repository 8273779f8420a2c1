import "client-only";
import { config } from "zod";

// zod probes for `new Function` (to compile fast object parsers) unless told not to. The pages'
// Content-Security-Policy forbids eval, so in the browser the probe only ever fails — and each
// failure is reported as a CSP violation. Jitless mode skips the probe; parsing is unchanged.
config({ jitless: true });
