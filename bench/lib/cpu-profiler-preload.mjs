// Preloaded into the app (`node --import`) by `npm run bench -- --profile`. The first SIGUSR2 starts
// V8's CPU profiler, the second writes the profile to $BENCH_CPU_PROFILE, so that start-up and
// warm-up (module loading, JIT) stay out of a profile meant to show the steady state.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";

const session = new Session();
session.connect();
let running = false;

const post = (method, params) =>
  new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));

process.on("SIGUSR2", async () => {
  if (!running) {
    running = true;
    await post("Profiler.enable");
    await post("Profiler.setSamplingInterval", { interval: 500 });
    await post("Profiler.start");
    process.stdout.write('{"profiler":"started"}\n');
  } else {
    running = false;
    const { profile } = await post("Profiler.stop");
    writeFileSync(process.env.BENCH_CPU_PROFILE ?? "bench.cpuprofile", JSON.stringify(profile));
    process.stdout.write('{"profiler":"written"}\n');
  }
});
