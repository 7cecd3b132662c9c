import { expect, test } from "@playwright/test";
import { seedWorkspace, type SeededWorkspace } from "../e2e/support/seed.ts";
import { withDb } from "./support/database.ts";
import { signIn, type HttpSession } from "./support/http-session.ts";
import { pidListeningOn, rssBytes } from "./support/server-memory.ts";

/**
 * The uploads that used to take the whole server down: a customers CSV whose
 * header has a million columns, and one whose first row is a single 50 MB
 * cell. Each is refused with a 422 that says which limit, nothing is stored,
 * the server's memory stays bounded, and every workspace keeps working.
 */
test.describe.configure({ mode: "serial" });

let ws: SeededWorkspace;
let marketer: HttpSession;

test.beforeAll(async ({ baseURL }) => {
  ws = await seedWorkspace({ customers: 1 });
  marketer = await signIn(baseURL!, ws.users.MARKETER, ws.password);
});

async function storedImports(): Promise<number> {
  return withDb(async (c) => {
    const res = await c.query<{ n: string }>(`SELECT count(*) AS n FROM import_job j JOIN workspace w ON w.id = j.workspace_id WHERE w.slug = $1`, [ws.slug]);
    return Number(res.rows[0]!.n);
  });
}

async function upload(baseURL: string, content: string) {
  const form = new FormData();
  form.set("kind", "CUSTOMERS");
  form.set("file", new Blob([content], { type: "text/csv" }), "customers.csv");
  return marketer.request(`/api/w/${ws.slug}/imports`, { method: "POST", body: form, headers: { origin: baseURL } });
}

for (const { name, limit, content } of [
  { name: "a header of a million columns (8.9 MB)", limit: "columns", content: () => ["customer_id", ...Array.from({ length: 999_999 }, (_, i) => `c${i}`)].join(",") + "\n" },
  { name: "a first row that is one 50 MB cell", limit: "columnName", content: () => "x".repeat(50 * 1024 * 1024 - 1024) + "\n" },
] as const) {
  test(`${name} is refused, stores nothing, and the server stays up and small`, async ({ baseURL }) => {
    test.setTimeout(120_000);
    const pid = pidListeningOn(Number(new URL(baseURL!).port));
    const rssBefore = rssBytes(pid);
    const res = await upload(baseURL!, content());
    expect(res.status, res.body.slice(0, 300)).toBe(422);
    expect(res.body.length).toBeLessThan(4_096);
    expect(res.body).toContain(`"limit":"${limit}"`);
    expect(await storedImports()).toBe(0);
    // The multipart body itself is held once while it is read; nothing proportional to the width is built on top.
    expect(rssBytes(pid) - rssBefore).toBeLessThan(400 * 1024 * 1024);
    const page = await marketer.request(`/w/${ws.slug}/import`);
    expect(page.status).toBe(200);
    expect(page.body.length).toBeLessThan(300_000);
  });
}
