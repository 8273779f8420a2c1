// Started by the task page's inline script (lib/client/intl-warmup.ts). Creating the first date
// formatter loads the browser's locale and time-zone data, which the whole page process then
// shares: done here, on a worker thread, it no longer blocks the main thread when the list first
// formats its due dates.
new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short" }).format(Date.now());
close();
