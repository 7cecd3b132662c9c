import { describe, expect, it } from "vitest";
import { AppError } from "../../lib/errors.ts";
import { pool } from "../../lib/db/pool.ts";
import { SEGMENT_LOCK_NAMESPACE } from "../../lib/segments/apply-membership.ts";
import { createSegment } from "../../lib/segments/create-segment.ts";
import { refreshSegment } from "../../lib/segments/refresh-segment.ts";
import { updateSegment } from "../../lib/segments/update-segment.ts";
import { blankCustomer, createTestWorkspace, definitionOf, insertDataset } from "../../lib/segments/testing/segment-test-data.ts";

const inFrance = definitionOf({ type: "attribute", field: "country", match: { op: "equals", value: "FR" } });

async function setup(countries: (string | null)[]) {
  const workspaceId = await createTestWorkspace();
  const { records } = await insertDataset(workspaceId, { products: [], customers: countries.map((country) => blankCustomer({ country })) });
  return { workspaceId, ids: records.map((r) => r.customer.id) };
}

async function members(segmentId: number): Promise<{ id: string; enteredAt: number }[]> {
  const res = await pool.query<{ id: string; entered_at: Date }>(
    `SELECT customer_id::text AS id, entered_at FROM segment_membership WHERE segment_id = $1 ORDER BY customer_id`,
    [segmentId],
  );
  return res.rows.map((r) => ({ id: r.id, enteredAt: r.entered_at.getTime() }));
}

async function transitions(segmentId: number): Promise<{ id: string; kind: string }[]> {
  const res = await pool.query<{ id: string; kind: string }>(
    `SELECT customer_id::text AS id, kind::text FROM segment_transition WHERE segment_id = $1 ORDER BY id`,
    [segmentId],
  );
  return res.rows;
}

const sorted = (rows: { id: string; kind: string }[]) => [...rows].sort((a, b) => `${a.kind}:${a.id}`.localeCompare(`${b.kind}:${b.id}`));

async function setCountry(customerId: string, country: string | null) {
  await pool.query(`UPDATE customer SET country = $2 WHERE id = $1`, [customerId, country]);
}

describe("refreshing a dynamic segment", () => {
  it("records entries and exits, and a second run with the same data changes nothing", async () => {
    const { workspaceId, ids } = await setup(["FR", "FR", "US", null, "FR"]);
    const { segment } = await createSegment(workspaceId, null, { name: "France", definition: inFrance });
    expect(await members(segment.id)).toEqual([]);

    const first = await refreshSegment(workspaceId, segment.id);
    expect(first).toMatchObject({ size: 3, entered: 3, exited: 0 });
    expect((await members(segment.id)).map((m) => m.id)).toEqual([ids[0], ids[1], ids[4]]);

    await setCountry(ids[1]!, "DE");
    await setCountry(ids[3]!, "FR");
    const before = await members(segment.id);
    const second = await refreshSegment(workspaceId, segment.id);
    expect(second).toMatchObject({ size: 3, entered: 1, exited: 1 });
    const after = await members(segment.id);
    expect(after.map((m) => m.id)).toEqual([ids[0], ids[3], ids[4]]);
    // Customers who stayed keep their original entry time.
    expect(after.find((m) => m.id === ids[0])!.enteredAt).toBe(before.find((m) => m.id === ids[0])!.enteredAt);
    expect(sorted(await transitions(segment.id))).toEqual(
      sorted([
        ...[ids[0], ids[1], ids[4], ids[3]].map((id) => ({ id: id!, kind: "ENTERED" })),
        { id: ids[1]!, kind: "EXITED" },
      ]),
    );

    const transitionsBefore = await transitions(segment.id);
    const third = await refreshSegment(workspaceId, segment.id);
    expect(third).toMatchObject({ size: 3, entered: 0, exited: 0 });
    expect(await members(segment.id)).toEqual(after);
    expect(await transitions(segment.id)).toEqual(transitionsBefore);

    const row = await pool.query<{ size: number; last_refreshed_at: Date | null }>(`SELECT size, last_refreshed_at FROM segment WHERE id = $1`, [segment.id]);
    expect(row.rows[0]!.size).toBe(3);
    expect(row.rows[0]!.last_refreshed_at).not.toBeNull();
    const history = await pool.query<{ size: number }>(`SELECT size FROM segment_size_history WHERE segment_id = $1 ORDER BY at`, [segment.id]);
    expect(history.rows.map((h) => h.size)).toEqual([3, 3, 3]);
  });

  it("two refreshes at once do not record anything twice", async () => {
    const { workspaceId } = await setup(["FR", "FR", "FR", "US"]);
    const { segment } = await createSegment(workspaceId, null, { name: "France", definition: inFrance });
    const results = await Promise.all([refreshSegment(workspaceId, segment.id), refreshSegment(workspaceId, segment.id)]);
    expect(results.map((r) => r.entered).sort()).toEqual([0, 3]);
    expect(await transitions(segment.id)).toHaveLength(3);
    expect(await members(segment.id)).toHaveLength(3);
  });

  it("a refresh that starts while another is still writing waits for it, so stale members never survive", async () => {
    const { workspaceId, ids } = await setup(["FR", "US"]);
    const { segment } = await createSegment(workspaceId, null, { name: "France", definition: inFrance });
    await refreshSegment(workspaceId, segment.id);
    const gate = 0x7e57;
    const fn = `vl_test_gate_${segment.id}`;
    // Refreshes of this segment pause inside their transaction until the test opens the gate.
    await pool.query(
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_lock_shared(${gate}, NEW.segment_id); PERFORM pg_advisory_unlock_shared(${gate}, NEW.segment_id); RETURN NEW; END $$`,
    );
    await pool.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON segment_size_history FOR EACH ROW WHEN (NEW.segment_id = ${Number(segment.id)}) EXECUTE FUNCTION ${fn}()`);
    const holder = await pool.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock($1::int4, $2::int4)`, [gate, segment.id]);
      const waiting = async (classid: number) =>
        Number((await pool.query(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND NOT granted`, [classid, segment.id])).rows[0].count);
      const until = async (condition: () => Promise<boolean>) => {
        for (let i = 0; i < 400 && !(await condition()); i++) await new Promise((r) => setTimeout(r, 10));
      };

      await setCountry(ids[1]!, "FR");
      const older = refreshSegment(workspaceId, segment.id); // sees ids[1] in France, writes it, then pauses
      await until(async () => (await waiting(gate)) === 1);
      await setCountry(ids[1]!, "US");
      const newer = refreshSegment(workspaceId, segment.id); // must not decide on a snapshot that misses the older refresh's write
      await until(async () => (await waiting(SEGMENT_LOCK_NAMESPACE)) === 1 || (await waiting(gate)) === 2);
      await holder.query(`SELECT pg_advisory_unlock($1::int4, $2::int4)`, [gate, segment.id]);
      await Promise.all([older, newer]);
    } finally {
      holder.release();
      await pool.query(`DROP TRIGGER ${fn} ON segment_size_history`);
      await pool.query(`DROP FUNCTION ${fn}()`);
    }
    expect((await members(segment.id)).map((m) => m.id)).toEqual([ids[0]]);
    expect(sorted(await transitions(segment.id))).toEqual(
      sorted([
        { id: ids[0]!, kind: "ENTERED" },
        { id: ids[1]!, kind: "ENTERED" },
        { id: ids[1]!, kind: "EXITED" },
      ]),
    );
  });

  for (const crash of ["an error", "the connection dying"] as const) {
    it(`leaves the previous membership intact when ${crash} interrupts it half way`, async () => {
      const { workspaceId, ids } = await setup(["FR", "US", "FR"]);
      const { segment } = await createSegment(workspaceId, null, { name: "France", definition: inFrance });
      await refreshSegment(workspaceId, segment.id);
      const membersBefore = await members(segment.id);
      const transitionsBefore = await transitions(segment.id);
      await setCountry(ids[0]!, "US");
      await setCountry(ids[1]!, "FR");

      // The crash fires on the size-history insert, after the membership diff was written in the same transaction.
      const fn = `vl_test_crash_${segment.id}`;
      const body = crash === "an error" ? `RAISE EXCEPTION 'injected crash'` : `PERFORM pg_terminate_backend(pg_backend_pid())`;
      await pool.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${body}; RETURN NEW; END $$`);
      await pool.query(
        `CREATE TRIGGER ${fn} BEFORE INSERT ON segment_size_history FOR EACH ROW WHEN (NEW.segment_id = ${Number(segment.id)}) EXECUTE FUNCTION ${fn}()`,
      );
      try {
        await expect(refreshSegment(workspaceId, segment.id)).rejects.toThrow();
      } finally {
        await pool.query(`DROP TRIGGER ${fn} ON segment_size_history`);
        await pool.query(`DROP FUNCTION ${fn}()`);
      }
      expect(await members(segment.id)).toEqual(membersBefore);
      expect(await transitions(segment.id)).toEqual(transitionsBefore);
      const size = await pool.query<{ size: number }>(`SELECT size FROM segment WHERE id = $1`, [segment.id]);
      expect(size.rows[0]!.size).toBe(2);

      // And the next refresh applies the change normally.
      expect(await refreshSegment(workspaceId, segment.id)).toMatchObject({ size: 2, entered: 1, exited: 1 });
    });
  }
});

describe("static segments", () => {
  it("freeze their members when saved and only change when their rules change", async () => {
    const { workspaceId, ids } = await setup(["FR", "US", "FR"]);
    const created = await createSegment(workspaceId, null, { name: "French list", kind: "STATIC", definition: inFrance });
    expect(created.needsRefresh).toBe(false);
    expect(created.segment).toMatchObject({ size: 2, kind: "STATIC", definitionVersion: 1 });
    expect((await members(created.segment.id)).map((m) => m.id)).toEqual([ids[0], ids[2]]);

    await setCountry(ids[1]!, "FR");
    await expect(refreshSegment(workspaceId, created.segment.id)).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await members(created.segment.id)).map((m) => m.id)).toEqual([ids[0], ids[2]]);

    const renamed = await updateSegment(workspaceId, null, created.segment.id, { name: "French list (2024)" });
    expect(renamed).toMatchObject({ definitionChanged: false, membership: null });
    expect(renamed.segment.definitionVersion).toBe(1);

    const inUs = definitionOf({ type: "attribute", field: "country", match: { op: "equals", value: "US" } });
    const updated = await updateSegment(workspaceId, null, created.segment.id, { definition: inUs });
    expect(updated.definitionChanged).toBe(true);
    expect(updated.segment.definitionVersion).toBe(2);
    expect(updated.membership).toMatchObject({ size: 0, entered: 0, exited: 2 });
    await setCountry(ids[2]!, "US");
    expect((await members(created.segment.id)).map((m) => m.id)).toEqual([]);
  });

  it("a dynamic segment waits for its first refresh; switching it to static freezes it", async () => {
    const { workspaceId, ids } = await setup(["FR", "US"]);
    const created = await createSegment(workspaceId, null, { name: "France", definition: inFrance });
    expect(created).toMatchObject({ needsRefresh: true, membership: null });
    expect(created.segment.size).toBe(0);
    const frozen = await updateSegment(workspaceId, null, created.segment.id, { kind: "STATIC" });
    expect(frozen.membership).toMatchObject({ size: 1, entered: 1 });
    expect(frozen.segment.definitionVersion).toBe(1);
    expect((await members(created.segment.id)).map((m) => m.id)).toEqual([ids[0]]);
  });

  it("refuses unknown segments with NOT_FOUND", async () => {
    const { workspaceId } = await setup([]);
    await expect(refreshSegment(workspaceId, 2_000_000_000)).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === "NOT_FOUND");
  });
});
