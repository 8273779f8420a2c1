// The first Intl.DateTimeFormat a page creates is slow: the browser loads its locale and time-zone
// data (ICU) then, once per process (30–60 ms of main thread in Chromium on the build machine,
// several times that on a slow phone). The task list needs formatters for its due dates while the
// page is at its busiest. A worker that creates one first does that loading on another thread, and
// in Chromium the data it loads is shared with the page. Elsewhere it costs one small request.

const WORKER_URL = "/intl-warmup.js";

/** Inline script (ES5, like ./early-fetch's) that starts the worker; a failure only loses the head start. */
export const INTL_WARMUP_SCRIPT = `try{new Worker(${JSON.stringify(WORKER_URL)})}catch(e){}`;
