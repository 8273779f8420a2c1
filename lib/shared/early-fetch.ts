// The task page's first requests, started by a few lines of inline script while the browser is
// still downloading the app's JavaScript, instead of after it has run: the API token, then (when
// the server could not render the list itself, see app/tasks/first-view.ts) the first page of the
// list and the two counts. Without this the list would wait for the scripts, then the token, then
// the tasks, one round trip after the other; with it the data is usually there before React is.
// The app takes each response once (lib/client/early-requests.ts) and falls back to its usual requests
// whenever one is missing, failed, or was not a 2xx.

type EarlyRequests = { token?: Promise<Response>; data: Record<string, Promise<Response | null>> };

/** Where the inline script leaves its requests for the app (lib/client/early-requests.ts). */
export const EARLY_GLOBAL = "__evoEarly";

declare global {
  interface Window {
    [EARLY_GLOBAL]?: EarlyRequests;
  }
}

/** The inline script for these GET paths (server-rendered into the page; CSP allows inline scripts). */
export function earlyFetchScript(tokenUrl: string, paths: string[]): string {
  // ES5-level on purpose: it runs before any polyfill, in whatever browser opened the page. Every
  // promise gets a handler, so a failure here is never reported as an unhandled rejection.
  return `(function(){try{var h={accept:"application/json"};var t=fetch(${JSON.stringify(tokenUrl)},{credentials:"same-origin",cache:"no-store",headers:h});t.catch(function(){});var b=t.then(function(r){return r.ok?r.clone().json():null}).then(function(j){return j&&typeof j.token==="string"?j.token:null},function(){return null});var d={};${JSON.stringify(paths)}.forEach(function(p){d[p]=b.then(function(k){return k?fetch(p,{credentials:"omit",cache:"no-store",headers:{accept:"application/json",authorization:"Bearer "+k}}):null}).catch(function(){return null})});window.${EARLY_GLOBAL}={token:t,data:d}}catch(e){}})();`;
}
