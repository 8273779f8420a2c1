import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";

// Every process the benchmark starts is registered here, so that one call stops them all — after
// a failure, on Ctrl-C, and (with SIGKILL, synchronously) when the runner itself exits.

export type Managed = {
  name: string;
  child: ChildProcess;
  pid: number;
  /** The last lines the process printed (stdout and stderr), for error messages. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop: () => Promise<void>;
};

const running = new Set<Managed>();

export function startProcess(
  name: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; onLine?: (line: string) => void } = {},
): Managed {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: (options.env ?? process.env) as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      options.onLine?.(line);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const managed: Managed = {
    name,
    child,
    pid: child.pid,
    output: () => lines.join("\n"),
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const stopped = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
        if (!stopped) {
          child.kill("SIGKILL");
          await exited;
        }
      }
      running.delete(managed);
    },
  };
  running.add(managed);
  void exited.then(() => running.delete(managed));
  return managed;
}

/** Starts a process that prints one JSON line when it is ready, and returns that line parsed. */
export async function startWithHandshake<T>(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
): Promise<{ process: Managed; ready: T }> {
  let resolveLine: (line: string) => void = () => {};
  const firstJson = new Promise<string>((resolve) => (resolveLine = resolve));
  const managed = startProcess(name, args, { env, onLine: (line) => line.startsWith("{") && resolveLine(line) });
  const result = await Promise.race([
    firstJson,
    managed.exited.then(({ code, signal }) => {
      throw new Error(`${name} exited (${signal ?? `code ${code}`}) before it was ready:\n${managed.output()}`);
    }),
    sleep(timeoutMs).then(() => {
      throw new Error(`${name} was not ready after ${timeoutMs / 1000} s:\n${managed.output()}`);
    }),
  ]);
  return { process: managed, ready: JSON.parse(result) as T };
}

export async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map((managed) => managed.stop()));
}

process.on("exit", () => {
  for (const managed of running) managed.child.kill("SIGKILL");
});

/** A free TCP port on loopback (the OS picks it; it is released before returning). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

export function canConnect(port: number, host = "127.0.0.1", timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
}
