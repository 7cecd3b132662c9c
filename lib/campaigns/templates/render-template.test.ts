import { describe, expect, it } from "vitest";
import { parsedTemplates } from "./liquid-engine.ts";
import { renderTemplate, type RenderedMessage } from "./render-template.ts";
import type { TemplateContent } from "./template-content.ts";
import type { TemplateContext } from "./template-context.ts";
import { TemplateRenderError } from "./template-issue.ts";

function context(overrides: { customer?: Partial<TemplateContext["customer"]>; metrics?: Partial<TemplateContext["metrics"]> } = {}): TemplateContext {
  return {
    customer: {
      external_id: "C-1",
      email: "ada@example.com",
      phone: "+447700900123",
      first_name: "Ada",
      last_name: "Lovelace",
      country: "GB",
      city: "London",
      timezone: "Europe/London",
      signed_up_at: "2024-03-05T09:30:00.000Z",
      attributes: { tier: "gold" },
      ...overrides.customer,
    },
    metrics: {
      rfm_segment: "Champions",
      recency_score: 5,
      frequency_score: 4,
      monetary_score: 5,
      recency_days: 12,
      order_count: 7,
      revenue: 842.5,
      average_order_value: 120.357,
      first_order_at: "2024-03-09T14:02:00.000Z",
      last_order_at: "2026-01-03T18:45:00.000Z",
      predicted_clv_12m: 310.2,
      p_alive: 0.93,
      expected_purchases_90d: 1.4,
      expected_purchases_365d: 4.8,
      churn_risk_band: "low",
      ...overrides.metrics,
    },
    links: { unsubscribe: "https://vl.example/u?m=1&s=abc", preferences: "https://vl.example/p", view_in_browser: "https://vl.example/m/1" },
    campaign: { name: "Spring" },
    workspace: { name: "Acme", currency: "USD" },
    recommendations: [
      { name: "Trail Jacket", product_id: "J-1", category: "Apparel > Jackets", price: 129, reason: "Bought with Trail Tent in 23% of its orders" },
      { name: "Wool Socks", product_id: "S-2", category: null, price: null, reason: "Bought again by 41% of its buyers" },
    ],
  };
}

const email = (fields: Partial<Omit<Extract<TemplateContent, { channel: "email" }>, "channel">>): TemplateContent => ({
  channel: "email",
  subject: "Hello",
  preheader: "",
  html: "<p>Hi</p>",
  text: "",
  ...fields,
});

function as<C extends RenderedMessage["channel"]>(rendered: RenderedMessage, channel: C): Extract<RenderedMessage, { channel: C }> {
  expect(rendered.channel).toBe(channel);
  return rendered as Extract<RenderedMessage, { channel: C }>;
}

function renderError(content: TemplateContent, ctx: TemplateContext): TemplateRenderError {
  try {
    renderTemplate(content, ctx);
  } catch (err) {
    if (err instanceof TemplateRenderError) return err;
    throw err;
  }
  throw new Error("expected the render to fail");
}

describe("strict variables at render", () => {
  it("fails for a customer without an attribute the template uses, naming field, line and column", () => {
    const err = renderError({ channel: "sms", text: "Hi {{ customer.first_name }}\nYour code: {{ customer.attributes.voucher }}" }, context());
    expect(err.issue).toEqual({
      field: "text",
      line: 2,
      column: 15,
      message:
        'customer.attributes.voucher is not set for this customer on line 2, column 15. To send to customers without it, start the output with a fallback: {{ customer.attributes.voucher | default: "…" }}.',
    });
  });

  it("renders the fallback of | default: and the else branch of an if for that customer", () => {
    const text = "{{ customer.attributes.voucher | default: 'WELCOME' }}{% if customer.attributes.vip %} VIP{% else %} -{% endif %}";
    expect(as(renderTemplate({ channel: "sms", text }, context()), "sms").text).toBe("WELCOME -");
    const vip = context({ customer: { attributes: { voucher: "V-9", vip: true } } });
    expect(as(renderTemplate({ channel: "sms", text }, vip), "sms").text).toBe("V-9 VIP");
  });

  it("renders an empty value as nothing: a customer without metrics gets blanks, the fallback, or 0 through a maths filter", () => {
    const none = context({ metrics: { rfm_segment: null, order_count: null, predicted_clv_12m: null } });
    const text = "[{{ metrics.rfm_segment }}] {{ metrics.order_count | default: 0 }} orders, {{ metrics.predicted_clv_12m | round: 2 }}";
    expect(as(renderTemplate({ channel: "sms", text }, none), "sms").text).toBe("[] 0 orders, 0");
    expect(as(renderTemplate({ channel: "sms", text }, context()), "sms").text).toBe("[Champions] 7 orders, 310.2");
  });

  it("one customer's failure leaves the next customers' messages as they should be", () => {
    const content: TemplateContent = { channel: "sms", text: "{{ customer.attributes.tier | upcase }} member" };
    const results = [context(), context({ customer: { attributes: {} } }), context({ customer: { attributes: { tier: "silver" } } })].map((ctx) => {
      try {
        return as(renderTemplate(content, ctx), "sms").text;
      } catch (err) {
        return err instanceof TemplateRenderError ? `failed at ${err.line}:${err.column}` : "crashed";
      }
    });
    expect(results).toEqual(["GOLD member", "failed at 1:4", "SILVER member"]);
  });
});

describe("email rendering", () => {
  it("escapes values in the HTML but not in subject, preheader or text; | raw opts out", () => {
    const ctx = context({ customer: { first_name: 'Tom & "Jerry" <b>' } });
    const rendered = as(
      renderTemplate(
        email({
          subject: "For {{ customer.first_name }}",
          preheader: "Hi {{ customer.first_name }}",
          html: '<p>{{ customer.first_name }}</p><a href="{{ links.unsubscribe }}">x</a>{{ "<hr>" | raw }}',
          text: "Dear {{ customer.first_name }}",
        }),
        ctx,
      ),
      "email",
    );
    expect(rendered.subject).toBe('For Tom & "Jerry" <b>');
    expect(rendered.preheader).toBe('Hi Tom & "Jerry" <b>');
    expect(rendered.text).toBe('Dear Tom & "Jerry" <b>');
    expect(rendered.html).toContain("<p>Tom &amp; &#34;Jerry&#34; &lt;b&gt;</p>");
    expect(rendered.html).toContain('<a href="https://vl.example/u?m=1&amp;s=abc">x</a><hr>');
  });

  it("puts the preheader, escaped and hidden, first in the body", () => {
    const html = '<!doctype html><html><head><title>t</title></head><body style="margin:0"><h1>Hi</h1></body></html>';
    const rendered = as(renderTemplate(email({ preheader: "20% off <for> {{ customer.first_name }}", html }), context()), "email");
    const bodyOpen = '<body style="margin:0">';
    const after = rendered.html.slice(rendered.html.indexOf(bodyOpen) + bodyOpen.length);
    expect(after.startsWith('<span class="preheader" style="display:none !important;')).toBe(true);
    expect(after).toMatch(/^<span[^>]*>20% off &#60;for&#62; Ada(&zwnj;&nbsp;)+<\/span><h1>Hi<\/h1><\/body><\/html>$/);
    expect(rendered.html.startsWith("<!doctype html><html><head><title>t</title></head>")).toBe(true);
  });

  it("puts the preheader at the very start of HTML without a body tag, and adds nothing for an empty one", () => {
    const withPreheader = as(renderTemplate(email({ preheader: "Sale", html: "<p>Hi</p>" }), context()), "email");
    expect(withPreheader.html).toMatch(/^<span class="preheader"[^>]*>Sale(&zwnj;&nbsp;)+<\/span><p>Hi<\/p>$/);
    const without = as(renderTemplate(email({ preheader: "{{ customer.attributes.none | default: '' }}", html: "<p>Hi</p>" }), context()), "email");
    expect(without.html).toBe("<p>Hi</p>");
  });

  it("derives the text part from the HTML when the template leaves it empty, and keeps the preheader out of it", () => {
    const rendered = as(
      renderTemplate(
        email({
          preheader: "Hidden line",
          html: '<body><h1>Hello {{ customer.first_name }}</h1><p>Fish &amp; chips&nbsp;today.</p><p><a href="{{ links.unsubscribe }}">Unsubscribe</a></p></body>',
        }),
        context(),
      ),
      "email",
    );
    expect(rendered.text).toBe("Hello Ada\n\nFish & chips\u00a0today.\n\nUnsubscribe [https://vl.example/u?m=1&s=abc]");
  });

  it("keeps the subject on one line and refuses a subject that renders empty", () => {
    expect(as(renderTemplate(email({ subject: "Hi\n  {{ customer.first_name }}\n" }), context()), "email").subject).toBe("Hi Ada");
    const err = renderError(email({ subject: "{{ customer.first_name }}" }), context({ customer: { first_name: null } }));
    expect(err.issue).toEqual({ field: "subject", line: 1, column: 1, message: "The subject is empty for this customer on line 1, column 1." });
  });

  it("formats dates and money", () => {
    const html = "{{ customer.signed_up_at | date: '%B %-d, %Y' }}|{{ metrics.average_order_value | round: 2 }}|{{ metrics.p_alive | times: 100 | round }}%";
    expect(as(renderTemplate(email({ html }), context()), "email").html).toBe("March 5, 2024|120.36|93%");
  });
});

describe("SMS rendering", () => {
  it("reports the encoding and number of parts of the rendered text", () => {
    expect(as(renderTemplate({ channel: "sms", text: "Hi {{ customer.first_name }}" }, context()), "sms")).toEqual({ channel: "sms", text: "Hi Ada", segments: 1, encoding: "GSM-7" });
    const emoji = as(renderTemplate({ channel: "sms", text: "Hi {{ customer.first_name }} 🎉" }, context()), "sms");
    expect(emoji).toMatchObject({ encoding: "UCS-2", segments: 1 });
    const long = as(renderTemplate({ channel: "sms", text: "{% for i in (1..16) %}0123456789{% endfor %}x" }, context()), "sms");
    expect(long).toMatchObject({ encoding: "GSM-7", segments: 2 });
  });

  it("refuses an SMS that grows past 1,600 characters for a customer", () => {
    const err = renderError({ channel: "sms", text: "{{ customer.attributes.bio }}" }, context({ customer: { attributes: { bio: "a".repeat(1_601) } } }));
    expect(err.message).toBe("The SMS is 1,601 characters for this customer; the limit is 1,600 on line 1, column 1.");
  });
});

describe("JSON payloads", () => {
  it("escapes quotes, backslashes, line breaks and any Unicode inserted with | json, so the payload round-trips", () => {
    const awkward = 'Zoë "the \\ boss"\nline two\u2028 😀 \u0001 </script>';
    const rendered = as(
      renderTemplate(
        { channel: "webhook", payload: '{ "name": {{ customer.first_name | json }}, "clv": {{ metrics.predicted_clv_12m | json }}, "missing": {{ metrics.rfm_segment | json }}, "attrs": {{ customer.attributes | json }} }' },
        context({ customer: { first_name: awkward, attributes: { tags: ["a", "b"], nested: { n: 1 } } }, metrics: { rfm_segment: null } }),
      ),
      "webhook",
    );
    expect(rendered.payload).toEqual({ name: awkward, clv: 310.2, missing: null, attrs: { tags: ["a", "b"], nested: { n: 1 } } });
  });

  it("fails for a customer whose value breaks a payload written without | json, at the output", () => {
    const err = renderError({ channel: "push", payload: '{\n  "title": "Hi {{ customer.first_name }}"\n}' }, context({ customer: { first_name: 'Ann "A"' } }));
    expect(err.issue).toMatchObject({ field: "payload", line: 2, column: 16 });
    expect(err.message).toContain("with this customer's values: {{ customer.first_name }} inserts text that is not a JSON value");
  });
});

describe("the parse cache", () => {
  it("parses a template once however many customers it is rendered for", () => {
    const content: TemplateContent = email({ subject: `Cache ${Math.random()}`, preheader: `Pre ${Math.random()}`, html: `<p>{{ customer.first_name }} ${Math.random()}</p>` });
    const before = parsedTemplates.parses;
    for (let i = 0; i < 1_000; i++) renderTemplate(content, context({ customer: { first_name: `C${i}` } }));
    // subject, preheader and html: three sources, each parsed once; the text part is derived.
    expect(parsedTemplates.parses - before).toBe(3);
  });
});

describe("recommendations in templates", () => {
  it("loops over the customer's recommended products, best first, and renders nothing for an empty list", () => {
    const content: TemplateContent = { channel: "sms", text: "{% for r in recommendations %}{{ forloop.index }}. {{ r.name }} ({{ r.reason }}){% unless forloop.last %}; {% endunless %}{% endfor %}" };
    const out = renderTemplate(content, context());
    expect(out).toMatchObject({ text: "1. Trail Jacket (Bought with Trail Tent in 23% of its orders); 2. Wool Socks (Bought again by 41% of its buyers)" });
    const empty = renderTemplate({ channel: "sms", text: "Hi{% for r in recommendations %} {{ r.name }}{% endfor %}" }, { ...context(), recommendations: [] });
    expect(empty).toMatchObject({ text: "Hi" });
  });
});
