import { describe, expect, it } from "vitest";
import { pool } from "../../lib/db/pool.ts";
import { archiveSegment } from "../../lib/segments/archive-segment.ts";
import { countSegment } from "../../lib/segments/count-segment.ts";
import { createSegment } from "../../lib/segments/create-segment.ts";
import { explainSegment } from "../../lib/segments/explain-segment.ts";
import { exportSegmentMembersCsv } from "../../lib/segments/export-segment-members.ts";
import { refreshSegment } from "../../lib/segments/refresh-segment.ts";
import { SegmentDefinitionError } from "../../lib/segments/segment-definition-error.ts";
import { listSegmentMembers } from "../../lib/segments/segment-members.ts";
import { segmentOverlap } from "../../lib/segments/segment-overlap.ts";
import { SEGMENT_TEMPLATES } from "../../lib/segments/templates.ts";
import { blankCustomer, createTestWorkspace, definitionOf, insertDataset } from "../../lib/segments/testing/segment-test-data.ts";
import { updateSegment } from "../../lib/segments/update-segment.ts";

const frenchRule = { type: "attribute", field: "country", match: { op: "equals", value: "FR" } };
const inFrance = definitionOf(frenchRule);
const memberOf = (segmentId: number) => definitionOf({ type: "segment", segmentId });

async function definitionError(promise: Promise<unknown>): Promise<SegmentDefinitionError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SegmentDefinitionError);
  return err as SegmentDefinitionError;
}

async function notFound(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code: "NOT_FOUND" });
}

describe("segment references", () => {
  it("refuses a rule that would make a segment depend on itself, directly or through others", async () => {
    const workspaceId = await createTestWorkspace();
    const a = (await createSegment(workspaceId, null, { name: "A", definition: inFrance })).segment;
    const b = (await createSegment(workspaceId, null, { name: "B", definition: memberOf(a.id) })).segment;
    const c = (await createSegment(workspaceId, null, { name: "C (static)", kind: "STATIC", definition: memberOf(b.id) })).segment;

    const self = await definitionError(updateSegment(workspaceId, null, a.id, { definition: memberOf(a.id) }));
    expect(self.nodeId).toBe("r0");
    expect(self.message).toMatch(/depend on itself/);

    const viaB = await definitionError(updateSegment(workspaceId, null, a.id, { definition: definitionOf(frenchRule, { type: "segment", segmentId: b.id }) }));
    expect(viaB.nodeId).toBe("r1");
    expect(viaB.message).toContain('"B" → "A"');

    // A static segment is frozen from its rules too, so a loop through it is refused as well.
    const viaStatic = await definitionError(updateSegment(workspaceId, null, a.id, { definition: memberOf(c.id) }));
    expect(viaStatic.message).toMatch(/depend on itself/);

    const stored = await pool.query<{ definition_version: number }>(`SELECT definition_version FROM segment WHERE id = $1`, [a.id]);
    expect(stored.rows[0]!.definition_version).toBe(1);
  });

  it("uses the current members of a referenced dynamic segment and the frozen members of a static one", async () => {
    const workspaceId = await createTestWorkspace();
    const { records } = await insertDataset(workspaceId, { products: [], customers: ["FR", "US", "FR"].map((country) => blankCustomer({ country })) });
    const ids = records.map((r) => r.customer.id);
    const french = (await createSegment(workspaceId, null, { name: "French", definition: inFrance })).segment;
    const frozen = (await createSegment(workspaceId, null, { name: "French then", kind: "STATIC", definition: inFrance })).segment;
    await pool.query(`UPDATE customer SET country = 'FR' WHERE id = $1`, [ids[1]]);
    // The dynamic segment was never refreshed, yet "member of French" already sees the change.
    expect((await countSegment(workspaceId, memberOf(french.id), { sampleSize: 10 })).sample.map((s) => s.customerId)).toEqual(ids);
    expect((await countSegment(workspaceId, memberOf(frozen.id), { sampleSize: 10 })).sample.map((s) => s.customerId)).toEqual([ids[0], ids[2]]);
  });

  it("will not archive a segment other rules still use", async () => {
    const workspaceId = await createTestWorkspace();
    const a = (await createSegment(workspaceId, null, { name: "A", definition: inFrance })).segment;
    const b = (await createSegment(workspaceId, null, { name: "B", definition: memberOf(a.id) })).segment;
    await expect(archiveSegment(workspaceId, null, a.id)).rejects.toMatchObject({ code: "CONFLICT", details: { usedBy: ["B"] } });
    await archiveSegment(workspaceId, null, b.id);
    const archived = await archiveSegment(workspaceId, null, a.id);
    expect(archived.archivedAt).not.toBeNull();
    const err = await definitionError(createSegment(workspaceId, null, { name: "C", definition: memberOf(a.id) }));
    expect(err.message).toMatch(/archived/);
    await expect(refreshSegment(workspaceId, a.id)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("keeps names unique among active segments, and an archived segment's name can be used again", async () => {
    const workspaceId = await createTestWorkspace();
    const first = (await createSegment(workspaceId, null, { name: "VIP", definition: inFrance })).segment;
    await expect(createSegment(workspaceId, null, { name: "VIP", definition: inFrance })).rejects.toMatchObject({ code: "CONFLICT" });
    const other = (await createSegment(workspaceId, null, { name: "Other", definition: inFrance })).segment;
    await expect(updateSegment(workspaceId, null, other.id, { name: "VIP" })).rejects.toMatchObject({ code: "CONFLICT" });

    await archiveSegment(workspaceId, null, first.id);
    const second = (await createSegment(workspaceId, null, { name: "VIP", definition: inFrance })).segment;
    expect(second.id).not.toBe(first.id);
    // Another workspace's names never collide.
    const elsewhere = await createTestWorkspace();
    expect((await createSegment(elsewhere, null, { name: "VIP", definition: inFrance })).segment.name).toBe("VIP");
  });
});

describe("campaign rules", () => {
  it("are accepted by the schema but refused until campaigns exist", async () => {
    const workspaceId = await createTestWorkspace();
    const err = await definitionError(
      createSegment(workspaceId, null, { name: "Openers", definition: definitionOf({ type: "campaign", action: "opened", campaignId: 7 }) }),
    );
    expect(err.nodeId).toBe("r0");
    expect(err.message).toMatch(/not available yet/);
    expect((await pool.query(`SELECT 1 FROM segment WHERE workspace_id = $1`, [workspaceId])).rowCount).toBe(0);
  });
});

describe("workspace isolation", () => {
  it("no definition reaches another workspace's customers or segments", async () => {
    const mine = await createTestWorkspace();
    const theirs = await createTestWorkspace();
    const rich = blankCustomer(
      { country: "FR", emailConsent: true },
      {
        metrics: null,
        orders: [{ placedAt: new Date(), total: "999.00", items: [{ productSlot: 0 }] }],
        events: [{ type: "view", occurredAt: new Date(), properties: { page: "home" } }],
      },
    );
    const own = await insertDataset(mine, { products: ["shoes"], customers: [blankCustomer({ country: "US" }), blankCustomer({ country: "FR" })] });
    const other = await insertDataset(theirs, { products: ["shoes"], customers: [rich, rich, rich] });
    const ownIds = own.records.map((r) => r.customer.id);
    const theirSegment = (await createSegment(theirs, null, { name: "Theirs", kind: "STATIC", definition: inFrance })).segment;
    const mySegment = (await createSegment(mine, null, { name: "Mine", kind: "STATIC", definition: inFrance })).segment;

    const definitions: unknown[] = [
      definitionOf(),
      inFrance,
      definitionOf({ type: "orders", measure: "revenue", window: { kind: "ever" }, match: { op: "gte", value: 0 } }),
      definitionOf({ type: "purchase", target: { by: "product", productIds: other.productIds }, window: { kind: "ever" }, match: { op: "lte", value: 0 } }),
      definitionOf({ type: "purchase", target: { by: "category", categories: ["shoes"] }, window: { kind: "ever" }, match: { op: "lte", value: 0 } }),
      definitionOf({ type: "event", eventType: "view", window: { kind: "ever" }, match: { op: "lte", value: 0 } }),
      ...SEGMENT_TEMPLATES.map((t) => ({ ...t.definition, root: { ...t.definition.root, negate: true } })),
    ];
    for (const definition of definitions) {
      const result = await countSegment(mine, definition, { sampleSize: 100 });
      expect(result.totalCustomers).toBe(2);
      for (const s of result.sample) expect(ownIds).toContain(s.customerId);
    }
    // Their customers have orders, products and events, so these rules would be false for them had they leaked in.
    expect((await countSegment(mine, definitions[3])).size).toBe(2);

    const err = await definitionError(countSegment(mine, memberOf(theirSegment.id)));
    expect(err.message).toMatch(/does not exist in this workspace/);
    await definitionError(createSegment(mine, null, { name: "Borrowed", definition: memberOf(theirSegment.id) }));

    await notFound(refreshSegment(mine, theirSegment.id));
    await notFound(updateSegment(mine, null, theirSegment.id, { name: "Stolen" }));
    await notFound(archiveSegment(mine, null, theirSegment.id));
    await notFound(listSegmentMembers(mine, theirSegment.id));
    await notFound(segmentOverlap(mine, mySegment.id, theirSegment.id));
    await notFound(exportSegmentMembersCsv(mine, theirSegment.id).next());
    await notFound(explainSegment(mine, inFrance, other.records[0]!.customer.id));
    for (const impossible of [0, -1, 2 ** 31, 1.5, Number.NaN]) {
      await notFound(refreshSegment(mine, impossible));
      await notFound(exportSegmentMembersCsv(mine, impossible).next());
      await notFound(listSegmentMembers(mine, impossible));
    }
    const theirs2 = await pool.query(`SELECT name, size FROM segment WHERE id = $1`, [theirSegment.id]);
    expect(theirs2.rows[0]).toEqual({ name: "Theirs", size: 3 });
  });
});
