// `npm run db:seed -- --customers N --seed S [--workspace SLUG] [--as-of YYYY-MM-DD] [--reset]`
import { pool } from "../lib/db/pool.ts";
import { db } from "../lib/db/client.ts";
import { parseSeedArgs } from "../lib/demo/seed-args.ts";
import { DEMO_LOGINS, seedDemo } from "../lib/demo/seed-demo.ts";

let exitCode = 0;
try {
  const options = parseSeedArgs(process.argv.slice(2));
  const started = performance.now();
  const result = await seedDemo({ ...options, log: (line) => console.log(line) });
  console.log(`Seed finished in ${((performance.now() - started) / 1000).toFixed(1)} s (history up to ${result.asOf.toISOString().slice(0, 10)}).`);
  console.log("Demo sign-ins:");
  for (const login of DEMO_LOGINS) console.log(`  ${login.role.padEnd(8)} ${login.email} / ${login.password}`);
} catch (err) {
  console.error((err as Error).message);
  exitCode = 1;
} finally {
  await db.$disconnect();
  await pool.end();
}
process.exitCode = exitCode;
