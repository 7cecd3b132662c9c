import { describe, expect, it } from "vitest";
import { prepareSendTemplate } from "./send-template.ts";

describe("prepareSendTemplate", () => {
  it("keeps the parsed template with whether it names recommendations", () => {
    expect(prepareSendTemplate({ channel: "sms", text: "Try {{ recommendations.first.name }}" })).toEqual({
      valid: true,
      content: { channel: "sms", text: "Try {{ recommendations.first.name }}" },
      usesRecommendations: true,
    });
    expect(prepareSendTemplate({ channel: "email", subject: "Hi", html: "<p>Hello {{ customer.first_name }}</p>" })).toEqual({
      valid: true,
      content: { channel: "email", subject: "Hi", preheader: "", html: "<p>Hello {{ customer.first_name }}</p>", text: "" },
      usesRecommendations: false,
    });
  });

  it("marks a stored template the schema refuses as not valid", () => {
    expect(prepareSendTemplate({ channel: "sms", text: "" })).toEqual({ valid: false });
    expect(prepareSendTemplate(null)).toEqual({ valid: false });
  });
});
