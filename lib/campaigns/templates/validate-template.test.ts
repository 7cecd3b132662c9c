import { describe, expect, it } from "vitest";
import type { TemplateContent } from "./template-content.ts";
import { validateTemplate } from "./validate-template.ts";

const email = (fields: Partial<Omit<Extract<TemplateContent, { channel: "email" }>, "channel">>): TemplateContent => ({
  channel: "email",
  subject: "Hello",
  preheader: "",
  html: "<p>Hi</p>",
  text: "",
  ...fields,
});
const sms = (text: string): TemplateContent => ({ channel: "sms", text });
const webhook = (payload: string): TemplateContent => ({ channel: "webhook", payload });

describe("validateTemplate accepts what a marketer may write", () => {
  it("passes every catalog variable, attributes, loop and assigned locals, and fallbacks", () => {
    const html = [
      "<p>Hi {{ customer.first_name | default: 'there' }} {{ customer.last_name }},</p>",
      "{% if metrics.churn_risk_band == 'high' %}<p>We miss you.</p>{% endif %}",
      "<p>{{ metrics.predicted_clv_12m | round: 2 }} {{ workspace.currency }} · {{ metrics.p_alive | times: 100 | round }}%</p>",
      "{% assign tier = customer.attributes.tier | default: 'standard' %}<p>{{ tier | capitalize }}</p>",
      "{% for item in customer.attributes.favourites %}<li>{{ forloop.index }}. {{ item }}</li>{% endfor %}",
      "<p>Since {{ customer.signed_up_at | date: '%B %Y', customer.timezone }}; {{ customer.first_name.size }} letters</p>",
      '<a href="{{ links.unsubscribe }}">Unsubscribe</a> <a href="{{ links.preferences }}">Preferences</a> <a href="{{ links.view_in_browser }}">View</a>',
      "{% for r in recommendations %}<li>{{ r.name }} {{ r.price }} {{ r.reason }}</li>{% endfor %}{{ recommendations.size }}",
      "{{ campaign.name }} — {{ workspace.name }} {{ customer.attributes['loyalty id'] }} {{ customer | json | raw }}",
    ].join("\n");
    expect(validateTemplate(email({ subject: "{{ customer.first_name | default: 'Hi' }}, a gift", preheader: "For {{ metrics.rfm_segment }}", html }))).toEqual([]);
    expect(validateTemplate(sms("{{ customer.first_name }}: 10% off {{ links.unsubscribe }}"))).toEqual([]);
    expect(validateTemplate(webhook('{ "id": {{ customer.external_id | json }}, "clv": {{ metrics.predicted_clv_12m | json }}, "tier": {{ customer.attributes.tier | json }} }'))).toEqual([]);
  });
});

describe("validateTemplate refuses with the place of the fault", () => {
  it("names an unknown variable at its line and column and suggests the catalog name", () => {
    const html = "<html>\n<body>\n  <p>Hi {{ customer.frist_name }}</p>\n</body>";
    expect(validateTemplate(email({ html }))).toEqual([
      {
        field: "html",
        line: 3,
        column: 12,
        message: "Unknown variable customer.frist_name on line 3, column 12. Did you mean customer.first_name?",
      },
    ]);
  });

  it("suggests the full path for a bare name and lists every unknown use in order", () => {
    const issues = validateTemplate(sms("{{ first_name }} {{ metrics.clv }}\n{{ order.total }}"));
    expect(issues.map(({ line, column }) => [line, column])).toEqual([
      [1, 4],
      [1, 21],
      [2, 4],
    ]);
    expect(issues[0]!.message).toBe("Unknown variable first_name on line 1, column 4. Did you mean customer.first_name?");
    expect(issues[1]!.message).toMatch(/^Unknown variable metrics\.clv on line 1, column 21\./);
    expect(issues[2]!.message).toBe("Unknown variable order.total on line 2, column 4. See the variable list for what a template can use.");
  });

  it("refuses a property below a catalog value and a computed name outside attributes", () => {
    expect(validateTemplate(sms("{{ customer.email.domain }}"))[0]).toMatchObject({ line: 1, column: 4, message: expect.stringContaining("customer.email.domain") });
    expect(validateTemplate(sms("{% assign k = 'email' %}{{ customer[k] }}"))[0]).toMatchObject({ line: 1, column: 28, message: expect.stringContaining("customer[k]") });
    expect(validateTemplate(sms("{% assign k = 'tier' %}{{ customer.attributes[k] | default: '-' }}"))).toEqual([]);
  });

  it("names an unknown filter at the filter itself", () => {
    expect(validateTemplate(email({ subject: "Hi {{ customer.first_name | upcase | capitalise }}" }))).toEqual([
      { field: "subject", line: 1, column: 38, message: "Unknown filter capitalise on line 1, column 38. Did you mean capitalize?" },
    ]);
  });

  it("names a tag left open, an output left open, a stray end tag and an unknown tag", () => {
    expect(validateTemplate(sms("Hi\n{% if customer.first_name %}there"))).toEqual([
      { field: "text", line: 2, column: 1, message: "{% if customer.first_name %} is never closed on line 2, column 1. Add {% endif %} where it should end." },
    ]);
    expect(validateTemplate(sms("Hi {{ customer.first_name "))[0]).toMatchObject({ line: 1, column: 4, message: expect.stringMatching(/^\{\{ customer\.first_name… is never closed on line 1, column 4\. Add \}\}/) });
    expect(validateTemplate(sms("Hi\n  {% endfor %}"))[0]).toMatchObject({ line: 2, column: 3, message: "{% endfor %} has no matching {% for %} before it on line 2, column 3." });
    expect(validateTemplate(sms("{% unles customer.email %}x{% endunless %}"))[0]).toMatchObject({
      line: 1,
      column: 1,
      message: "Unknown tag {% unles %} on line 1, column 1. Did you mean {% unless %}?",
    });
  });

  it("refuses tags that would read files", () => {
    expect(validateTemplate(email({ html: "<p>Hi</p>\n{% render 'footer' %}" }))).toEqual([
      {
        field: "html",
        line: 2,
        column: 1,
        message: "{% render %} is not available in campaign templates on line 2, column 1. Each template is self-contained; write the content here.",
      },
    ]);
  });

  it("reports each field of an email separately, in the editor's order", () => {
    const issues = validateTemplate(email({ subject: "{{ nope }}", preheader: "{{ customer.first_name | nah }}", html: "{% if %}", text: "{{ links.unsub }}" }));
    expect(issues.map((i) => i.field)).toEqual(["subject", "preheader", "html", "text"]);
    expect(issues[3]!.message).toContain("Did you mean links.unsubscribe?");
  });

  it("refuses a loop too long to render for one message", () => {
    expect(validateTemplate(sms("Hi\n {% for i in (1..100000000) %}x{% endfor %}"))).toEqual([
      {
        field: "text",
        line: 2,
        column: 2,
        message: "This template does too much work for one message (a loop that is too long) on line 2, column 2. Loop over fewer items.",
      },
    ]);
  });
});

describe("validateTemplate checks JSON payloads", () => {
  it("refuses a value inserted without | json, since a quote or line break in a customer's data breaks it", () => {
    const payload = '{\n  "name": "{{ customer.first_name }}"\n}';
    const [issue] = validateTemplate(webhook(payload));
    expect(issue).toMatchObject({ field: "payload", line: 2, column: 12 });
    expect(issue!.message).toBe(
      "The payload is not valid JSON for a customer whose text holds quotes or line breaks: {{ customer.first_name }} inserts text that is not a JSON value on line 2, column 12. " +
        "Insert values with the json filter, which adds the quotes and escapes what needs it: write {{ customer.first_name | json }}, with no quotes around it.",
    );
  });

  it("refuses a number that some customers do not have, naming the output and both fixes", () => {
    const payload = '{\n  "orders": {{ metrics.order_count }}\n}';
    const [issue] = validateTemplate({ channel: "push", payload });
    expect(issue).toMatchObject({ field: "payload", line: 2, column: 13 });
    expect(issue!.message).toContain("for a customer who has no value for it: {{ metrics.order_count }} writes nothing there");
    expect(issue!.message).toContain("{{ metrics.order_count | json }}");
    expect(issue!.message).toContain("{{ metrics.order_count | default: 0 }}");
  });

  it("points at broken literal JSON exactly", () => {
    expect(validateTemplate(webhook('{\n  "a": 1,\n  "b": 2,\n}'))).toEqual([
      { field: "payload", line: 4, column: 1, message: 'The payload is not valid JSON: expected a property name in double quotes but found "}" on line 4, column 1.' },
    ]);
    expect(validateTemplate(webhook('{ "id": {{ customer.external_id | json }} "x": 1 }'))[0]).toMatchObject({
      line: 1,
      column: 43,
      message: expect.stringContaining('expected "," or "}"'),
    });
  });

  it("refuses a payload that is JSON but not an object", () => {
    expect(validateTemplate(webhook("[{{ customer.email | json }}]"))).toEqual([
      { field: "payload", line: 1, column: 1, message: "The payload must be a JSON object ({ … }) but renders as a list ([ … ]) on line 1, column 1." },
    ]);
  });

  it("says when | json output is wrapped in quotes", () => {
    const [issue] = validateTemplate(webhook('{ "n": "{{ customer.first_name | json }}" }'));
    expect(issue).toMatchObject({ line: 1, column: 9 });
    expect(issue!.message).toContain("remove any quotes around it");
  });
});
