import { describe, expect, it } from "vitest";
import { templateUsesRecommendations } from "./template-uses-recommendations.ts";

describe("templateUsesRecommendations", () => {
  it("finds the variable in any field of any channel", () => {
    expect(templateUsesRecommendations({ channel: "email", subject: "Hi", preheader: "", html: "<p>{% for r in recommendations %}{{ r.name }}{% endfor %}</p>", text: "" })).toBe(true);
    expect(templateUsesRecommendations({ channel: "email", subject: "{{ recommendations[0].name }} for you", preheader: "", html: "<p>Hello</p>", text: "" })).toBe(true);
    expect(templateUsesRecommendations({ channel: "email", subject: "Hi", preheader: "", html: "<p>Hello</p>", text: "{{ recommendations | size }} ideas" })).toBe(true);
    expect(templateUsesRecommendations({ channel: "sms", text: "Try {{recommendations.first.name}}" })).toBe(true);
    expect(templateUsesRecommendations({ channel: "webhook", payload: '{"offers": {{ recommendations | json }}}' })).toBe(true);
  });

  it("answers no for a template that never names it", () => {
    expect(templateUsesRecommendations({ channel: "email", subject: "Hi {{ customer.first_name }}", preheader: "", html: "<p>{{ metrics.rfm_segment }}</p>", text: "" })).toBe(false);
    expect(templateUsesRecommendations({ channel: "sms", text: "Our recommendation: come back soon" })).toBe(false);
    expect(templateUsesRecommendations({ channel: "push", payload: '{"title": "Hi {{ customer.first_name }}"}' })).toBe(false);
  });
});
