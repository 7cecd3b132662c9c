import type { Role } from "../db/generated/enums.ts";

export interface DemoLogin {
  email: string;
  password: string;
  role: Role;
  name: string;
}

/** One sign-in per role in the demo workspace; printed by `npm run db:seed` and `npm run demo`. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { email: "admin@valueloop.dev", password: "valueloop-demo", role: "ADMIN", name: "Avery Admin" },
  { email: "marketer@valueloop.dev", password: "valueloop-demo", role: "MARKETER", name: "Morgan Marketer" },
  { email: "analyst@valueloop.dev", password: "valueloop-demo", role: "ANALYST", name: "Alex Analyst" },
];
