import { db } from "../db/client.ts";
import { formatDateTime, formatMoney, formatNumber, formatPercent } from "../format.ts";
import { BUILTIN_FIELDS, METRIC_FIELDS } from "./fields.ts";
import { AppError } from "../errors.ts";
import type { SegmentDefinition, SegmentNode } from "./definition.schema.ts";
import { describeNode } from "./describe-rule.ts";
import { explainSegment, type ExplainedNode as EngineNode } from "./explain-segment.ts";
import { getSegment } from "./get-segment.ts";
import { asDefinitionError } from "./segment-definition-error.ts";
import { isCustomerId } from "./segment-input.schema.ts";
import { collectSegmentReferences } from "./segment-references.ts";
import type { ExplainedNode, SegmentExplanationBody } from "./segment-views.ts";

function productIdsOf(def: SegmentDefinition): number[] {
  const ids = new Set<number>();
  const stack: SegmentNode[] = [def.root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "group") stack.push(...n.children);
    else if (n.type === "purchase" && n.target.by === "product") n.target.productIds.forEach((id) => ids.add(id));
  }
  return [...ids];
}

/**
 * "Why is this customer in (or not in) this segment": the saved rule tree
 * with each rule's result for the customer right now, in words, plus whether
 * the stored membership (last refresh, or the frozen list) holds them.
 */
export async function explainForCustomer(
  workspaceId: number,
  currency: string,
  segmentId: number,
  customerIdRaw: string | null,
  timeZone = "UTC",
): Promise<SegmentExplanationBody> {
  // Past bigint no customer can exist, and BigInt() of it would reach Postgres as an out-of-range value.
  if (!customerIdRaw || !isCustomerId(customerIdRaw)) throw new AppError("NOT_FOUND", "Customer not found");
  const customerId = customerIdRaw;
  const segment = await getSegment(workspaceId, segmentId);
  const explanation = await explainSegment(workspaceId, segment.definition, customerId).catch((err: unknown) => {
    throw asDefinitionError(err);
  });
  const refIds = [...new Set(collectSegmentReferences(segment.definition).map((r) => r.segmentId))];
  const productIds = productIdsOf(segment.definition);
  const usesClusters = JSON.stringify(segment.definition).includes('"type":"cluster"');
  const [refs, products, customer, membership, clusters] = await Promise.all([
    refIds.length ? db.segment.findMany({ where: { workspaceId, id: { in: refIds } }, select: { id: true, name: true } }) : [],
    productIds.length ? db.product.findMany({ where: { workspaceId, id: { in: productIds } }, select: { id: true, name: true } }) : [],
    db.customer.findFirst({ where: { workspaceId, id: BigInt(customerId) }, select: { externalId: true, email: true, firstName: true, lastName: true } }),
    db.segmentMembership.findFirst({ where: { workspaceId, segmentId, customerId: BigInt(customerId) }, select: { enteredAt: true } }),
    usesClusters ? db.valueCluster.findMany({ where: { workspaceId }, select: { cluster: true, name: true, autoName: true } }) : [],
  ]);
  if (!customer) throw new AppError("NOT_FOUND", "Customer not found");
  const options = {
    currency,
    segmentNames: new Map(refs.map((r) => [r.id, r.name])),
    productNames: new Map(products.map((p) => [p.id, p.name])),
    clusterNames: new Map(clusters.map((c) => [c.cluster, c.name ?? c.autoName])),
  };

  const byId = new Map<string, SegmentNode>();
  const index = (n: SegmentNode) => {
    byId.set(n.id, n);
    if (n.type === "group") n.children.forEach(index);
  };
  index(segment.definition.root);
  const label = (n: EngineNode): ExplainedNode => {
    const node = byId.get(n.id);
    return {
      id: n.id,
      type: n.type,
      label: node ? describeNode(node, options) : n.type,
      negate: n.negate,
      combinator: node?.type === "group" ? node.combinator : undefined,
      result: n.result,
      ...(n.actual !== undefined && node ? { actual: actualInWords(node, n.actual, currency, timeZone) } : {}),
      children: n.children?.map(label),
    };
  };

  return {
    segmentId,
    segmentName: segment.name,
    customerId,
    customerLabel: [customer.firstName, customer.lastName].filter(Boolean).join(" ") || customer.email || customer.externalId,
    matchesNow: explanation.matches,
    isMember: membership !== null,
    root: label(explanation.root),
  };
}

const MONEY_METRICS = new Set(["predictedClv12m", "revenue", "averageOrderValue"]);

/** A rule's compared value as the page shows it: money in the workspace currency, P(alive) as a percentage, times in its zone. */
function actualInWords(node: SegmentNode, raw: string | null, currency: string, timeZone: string): string {
  if (raw === null) return "none";
  if (node.type === "recommendedCategory") return raw === "" ? "none" : `recommended: ${raw}`;
  const kind = node.type === "attribute" ? BUILTIN_FIELDS[node.field] : node.type === "metric" ? METRIC_FIELDS[node.metric] : "string";
  if (kind === "date") return formatDateTime(new Date(raw), timeZone);
  if (kind === "boolean") return raw === "true" ? "yes" : "no";
  if (kind === "number" && node.type === "metric") {
    const n = Number(raw);
    if (MONEY_METRICS.has(node.metric)) return formatMoney(n, currency);
    if (node.metric === "pAlive") return formatPercent(n);
    return formatNumber(n, Number.isInteger(n) ? 0 : 2);
  }
  return raw;
}
