import { z } from "zod";
import { groupSchema, nodeSchema, SEGMENT_LIMITS } from "../../segments/definition.schema.ts";
import { scoped } from "./openapi-scopes.ts";

/**
 * The public segment endpoints (/api/v1/segments...) for the OpenAPI
 * document. Their handlers live with the segments code; the shapes here mirror
 * what those handlers return, and tests/integration/api-v1-openapi.test.ts
 * calls every endpoint and checks its answer against this description.
 */
const segmentBase = {
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  kind: z.enum(["DYNAMIC", "STATIC"]),
  definitionVersion: z.number().int(),
  size: z.number().int(),
  lastRefreshedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const segmentDefinitionDocSchema = z
  .strictObject({ version: z.literal(1), root: groupSchema })
  .meta({ description: `A rule tree: groups combine conditions with and/or (at most ${SEGMENT_LIMITS.maxNodes} nodes, ${SEGMENT_LIMITS.maxDepth} levels).` });

export const SEGMENT_COMPONENTS = {
  SegmentDefinition: segmentDefinitionDocSchema,
  SegmentGroup: groupSchema,
  SegmentNode: nodeSchema,
  SegmentList: z.object({ data: z.array(z.object(segmentBase)) }),
  SegmentResponse: z.object({ data: z.object({ ...segmentBase, archivedAt: z.string().nullable(), definition: segmentDefinitionDocSchema }) }),
  SegmentMembersPage: z.object({
    data: z.array(z.object({ customerId: z.string(), externalId: z.string(), email: z.string().nullable(), enteredAt: z.string() })),
    nextCursor: z.string().nullable().meta({ description: "Pass as ?after= for the next page; null on the last page." }),
  }),
  SegmentCountRequest: z.strictObject({
    definition: segmentDefinitionDocSchema,
    sampleSize: z.number().int().min(0).max(50).optional().meta({ description: "How many matching customers to return as a sample (default 10)." }),
  }),
  SegmentCountResponse: z.object({
    data: z.object({
      size: z.number().int(),
      total: z.number().int().meta({ description: "Every customer of the workspace." }),
      share: z.number().meta({ description: "size / total; 0 when the workspace has no customers." }),
      sample: z.array(z.object({ id: z.string(), externalId: z.string(), email: z.string().nullable(), name: z.string().nullable() })),
    }),
  }),
} as const;

export const EXAMPLE_SEGMENT_DEFINITION = { version: 1, root: { id: "root", type: "group", combinator: "and", children: [] } };

type Ref = (name: keyof typeof SEGMENT_COMPONENTS | "Error") => { $ref: string };

export function segmentPaths(ref: Ref, errors: { "401": object; "404": object; "422": object }) {
  const json = (name: keyof typeof SEGMENT_COMPONENTS) => ({ "application/json": { schema: ref(name) } });
  const segmentIdParam = { name: "segmentId", in: "path", required: true, schema: { type: "integer", minimum: 1 } };
  return {
    "/api/v1/segments": {
      get: scoped("read", {
        summary: "List segments",
        description: "Every segment that is not archived.",
        responses: { "200": { description: "Segments.", content: json("SegmentList") }, "401": errors["401"] },
      }),
    },
    "/api/v1/segments/{segmentId}": {
      get: scoped("read", {
        summary: "Get a segment with its definition",
        parameters: [segmentIdParam],
        responses: { "200": { description: "The segment.", content: json("SegmentResponse") }, "401": errors["401"], "404": errors["404"] },
      }),
    },
    "/api/v1/segments/{segmentId}/members": {
      get: scoped("read", {
        summary: "List a segment's members",
        description: "In customer id order, keyset-paginated.",
        parameters: [
          segmentIdParam,
          { name: "after", in: "query", required: false, schema: { type: "string" }, description: "nextCursor from the previous page." },
          { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 } },
        ],
        responses: { "200": { description: "One page of members.", content: json("SegmentMembersPage") }, "401": errors["401"], "404": errors["404"], "422": errors["422"] },
      }),
    },
    "/api/v1/segments/count": {
      // A count returns a sample of customers: reading personal data, so `read` although it is a POST.
      post: scoped("read", {
        summary: "Count customers matching a definition (nothing is saved)",
        requestBody: { required: true, content: { "application/json": { schema: ref("SegmentCountRequest"), example: { definition: EXAMPLE_SEGMENT_DEFINITION, sampleSize: 5 } } } },
        responses: { "200": { description: "Size, share and a sample.", content: json("SegmentCountResponse") }, "401": errors["401"], "422": errors["422"] },
      }),
    },
  };
}
