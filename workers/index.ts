// `npm run workers`: one process running a BullMQ Worker per queue.
import { startWorkers } from "./start-workers.ts";

const handle = await startWorkers();
console.log(`workers started: ${handle.queueNames.join(", ")}`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing active jobs, then exiting`);
    handle
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error("error while closing workers:", err);
        process.exit(1);
      });
  });
}
