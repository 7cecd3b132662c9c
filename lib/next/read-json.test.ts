import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { MalformedJsonError, readJson } from "./read-json.ts";

function post(body: string): Request {
  return new Request("http://valueloop.test/api", { method: "POST", body, headers: { "content-type": "application/json" } });
}

async function refusal(body: string, maxBytes?: number): Promise<unknown> {
  return readJson(post(body), maxBytes).then(
    () => null,
    (err: unknown) => err,
  );
}

describe("readJson", () => {
  it("returns the parsed body, emoji intact", async () => {
    expect(await readJson(post('{"name":"Fans 😀","tags":["\\ud83d\\ude00"]}'))).toEqual({ name: "Fans 😀", tags: ["😀"] });
  });

  it("refuses NUL escapes and lone surrogates with a 422 naming the path", async () => {
    const nul = await refusal('{"attributes":{"nick":"a\\u0000b"}}');
    expect(nul).toBeInstanceOf(AppError);
    expect(nul).toMatchObject({ status: 422, code: "VALIDATION", details: [{ path: "attributes.nick", message: "must not contain NUL characters (\\u0000)" }] });
    expect((nul as AppError).message).toBe("attributes.nick: must not contain NUL characters (\\u0000)");
    expect(await refusal('{"name":"\\ud800"}')).toMatchObject({ status: 422, details: [{ path: "name" }] });
    expect(await refusal('"\\u0000"')).toMatchObject({ status: 422, message: "The request body: must not contain NUL characters (\\u0000)" });
  });

  it("refuses a body nested 5,000 deep with a 422", async () => {
    const deep = `{"attributes":${"[".repeat(5_000)}${"]".repeat(5_000)}}`;
    expect(await refusal(deep)).toMatchObject({ status: 422, code: "VALIDATION" });
  });

  it("keeps 413 for size and answers 400 saying where the JSON breaks", async () => {
    expect(await refusal(`{"pad":"${"x".repeat(2_000)}"}`, 1_000)).toMatchObject({ status: 413 });
    const broken = await refusal('{"a":1,\n "b" 2}');
    expect(broken).toBeInstanceOf(MalformedJsonError);
    expect((broken as Error).message).toBe("Request body is not valid JSON at position 13 (line 2, column 6).");
    expect((await refusal('{"a": nope}') as Error).message).toBe('Request body is not valid JSON: unexpected character "o".');
    expect((await refusal('{"a":') as Error).message).toBe("Request body is not valid JSON: it ends too early.");
    expect(await refusal("   ")).toMatchObject({ status: 422, message: "Request body is empty; send a JSON object." });
  });
});
