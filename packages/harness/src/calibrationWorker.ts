// A calibration worker thread (started by experiments/calibrationPool.ts): it gets the calibration's
// data once, as workerData, then runs the replications it is sent, one at a time, and answers each.
import { parentPort, workerData } from "node:worker_threads";
import { FibError } from "@fib/schemas";
import { type CalibrationSetup, type ReplicationTask, replicationRunner } from "./experiments/calibrationReps.js";

if (!parentPort) throw new Error("calibrationWorker runs as a worker thread");
const port = parentPort;
const run = replicationRunner(workerData as CalibrationSetup);
port.on("message", (t: ReplicationTask) => {
  run(t).then(
    (result) => port.postMessage({ ok: true, result }),
    (e: unknown) => port.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e), ...(e instanceof FibError ? { code: e.code } : {}) }),
  );
});
