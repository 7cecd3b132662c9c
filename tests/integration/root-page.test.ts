import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../lib/db/client.ts";
import { pool } from "../../lib/db/pool.ts";
import { createUser, createWorkspace } from "../support/factories.ts";
import Home from "../../app/page.tsx";

const session = vi.hoisted(() => ({ userId: undefined as string | undefined, sessionVersion: 0 }));
vi.mock("../../lib/next/session.ts", () => ({
  getSessionClaims: async () => ({ userId: session.userId, sessionVersion: session.sessionVersion }),
}));

const redirectTo = (path: string) => expect.objectContaining({ digest: expect.stringContaining(`NEXT_REDIRECT;replace;${path};`) });

let slug: string;
let memberId: string;
let loneUserId: string;

beforeAll(async () => {
  const ws = await createWorkspace();
  slug = ws.slug;
  memberId = (await createUser(ws.id, "ANALYST")).id;
  loneUserId = (await db.user.create({ data: { email: `lone-${Date.now()}@example.test`, name: "Lone", passwordHash: "x" } })).id;
});

afterAll(async () => {
  await pool.end();
  await db.$disconnect();
});

describe("the root page", () => {
  it("sends a visitor without a session to sign in", async () => {
    session.userId = undefined;
    await expect(Home()).rejects.toEqual(redirectTo("/signin"));
  });

  it("sends a session issued before the user's sessions were ended to sign in", async () => {
    session.userId = memberId;
    session.sessionVersion = 1;
    await expect(Home()).rejects.toEqual(redirectTo("/signin"));
    session.sessionVersion = 0;
  });

  it("sends a member to their workspace", async () => {
    session.userId = memberId;
    await expect(Home()).rejects.toEqual(redirectTo(`/w/${slug}`));
  });

  it("tells a user without a workspace to ask for an invitation", async () => {
    session.userId = loneUserId;
    expect(JSON.stringify(await Home())).toContain("No workspace yet");
  });
});
