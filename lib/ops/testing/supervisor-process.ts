// A supervisor as a process of its own, for the tests that signal it from
// outside: `node --import tsx supervisor-process.ts '<json>'` where the JSON is
// { graceMs, children: ProcessSpec[] }. Prints "ready <pids json>" once the
// children are started, and exits with the supervision's exit code.
import { superviseProcesses, type ProcessSpec } from "../supervise-processes.ts";

const config = JSON.parse(process.argv[2] ?? "{}") as { graceMs?: number; children?: ProcessSpec[] };
const supervisor = superviseProcesses(config.children ?? [], { graceMs: config.graceMs, log: (m) => console.error(`[supervisor] ${m}`) });
console.log(`ready ${JSON.stringify(supervisor.children.map((c) => c.pid))}`);
const outcome = await supervisor.done;
console.log(`outcome ${JSON.stringify(outcome)}`);
process.exit(outcome.exitCode);
