import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

// Summarises a V8 CPU profile: self time per function and per origin (a package, the app's own
// code, Node's internals, GC). Frames in the compiled bundle (.next/server/chunks/*.js, minified)
// are mapped back through the build's source maps to the module and name they came from.

type ProfileNode = {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
};
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

export type ProfileSummary = {
  totalMs: number;
  busyMs: number;
  byOrigin: { origin: string; ms: number; share: number }[];
  topFunctions: { name: string; origin: string; location: string; ms: number; share: number }[];
};

const sourceMaps = new Map<string, SourceMap | null>();

/** The original module, line and name of a frame in the compiled bundle, when its source map knows. */
function original(frame: ProfileNode["callFrame"]): { url: string; line: number; name: string | null } | null {
  if (!frame.url.includes("/.next/server/")) return null;
  const file = frame.url.startsWith("file://") ? fileURLToPath(frame.url) : frame.url;
  if (!sourceMaps.has(file)) {
    const mapFile = `${file}.map`;
    sourceMaps.set(file, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, "utf8"))) : null);
  }
  const entry = sourceMaps.get(file)?.findEntry(frame.lineNumber, frame.columnNumber) as
    | { originalSource?: string; originalLine?: number; name?: string }
    | undefined;
  if (!entry?.originalSource) return null;
  const source = decodeURIComponent(entry.originalSource).replace(/^(\.\.\/)+/, "").replace(/^.*\[project\]\//, "");
  return { url: source, line: (entry.originalLine ?? 0) + 1, name: entry.name ?? null };
}

function originOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) {
    const groups: [RegExp, string][] = [
      [/webstreams/, "web streams"],
      [/deps\/undici/, "undici (Request, Response, Headers)"],
      [/async_hooks|async_context_frame/, "async_hooks (AsyncLocalStorage)"],
      [/_http_|node:http/, "http"],
      [/node:net|stream_base_commons|internal\/streams/, "net and streams"],
      [/crypto/, "crypto"],
      [/url/, "URL"],
    ];
    return `node: ${groups.find(([pattern]) => pattern.test(url))?.[1] ?? "other"}`;
  }
  if (/^(app|lib|components)\//.test(url)) return `app code (${url.split("/").slice(0, 2).join("/")})`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1]) {
    const inside = /node_modules\/(?:@[^/]+\/)?[^/]+\/(.*)$/.exec(url)?.[1] ?? "";
    // Next's own server runtime is big enough to be worth splitting from its compiled copies.
    if (modules[1] === "next" && inside.startsWith("dist/compiled/")) return `next (compiled ${inside.split("/")[2]})`;
    return modules[1];
  }
  if (url.includes("/.next/server/")) return "app bundle (.next/server)";
  return "other";
}

export function summariseProfile(path: string, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  // The profiler's own stop and serialisation (bench/lib/cpu-profiler-preload.mjs) is not the app.
  const excluded = new Set<number>();
  const exclude = (id: number) => {
    excluded.add(id);
    for (const child of nodes.get(id)?.children ?? []) exclude(child);
  };
  for (const node of profile.nodes) if (node.callFrame.url.includes("cpu-profiler-preload")) exclude(node.id);
  const selfByNode = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    if (excluded.has(id)) return;
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  const byFunction = new Map<string, { name: string; origin: string; location: string; ms: number }>();
  const byOrigin = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of selfByNode) {
    const { callFrame } = nodes.get(id)!;
    const mapped = original(callFrame);
    const url = mapped ? mapped.url : callFrame.url;
    const origin = originOf(url, callFrame.functionName);
    const file = url.replace(/^.*node_modules\//, "").replace(/^.*\/\.next\//, ".next/").replace(/^file:\/\//, "");
    const location = file ? `${file}:${mapped ? mapped.line : callFrame.lineNumber + 1}` : "";
    const name = (mapped?.name && callFrame.functionName.length <= 2 ? mapped.name : callFrame.functionName) || "(anonymous)";
    const key = `${name}@${location}`;
    const entry = byFunction.get(key) ?? { name, origin, location, ms: 0 };
    entry.ms += ms;
    byFunction.set(key, entry);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + ms);
    totalMs += ms;
  }
  const busyMs = totalMs - (byOrigin.get("(idle)") ?? 0);
  const share = (ms: number) => ms / busyMs;
  return {
    totalMs,
    busyMs,
    byOrigin: [...byOrigin]
      .filter(([origin]) => origin !== "(idle)")
      .map(([origin, ms]) => ({ origin, ms, share: share(ms) }))
      .sort((a, b) => b.ms - a.ms),
    topFunctions: [...byFunction.values()]
      .filter((entry) => entry.origin !== "(idle)")
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((entry) => ({ ...entry, share: share(entry.ms) })),
  };
}
