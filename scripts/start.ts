import { runNext } from "./run-next";

await runNext("start");
