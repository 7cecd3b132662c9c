import { describe, expect, it } from "vitest";
import { htmlToText } from "./html-text.ts";

describe("htmlToText", () => {
  it("drops tags, scripts, styles and images, decodes entities and keeps link targets", () => {
    const html = `<!doctype html><html><head><title>T</title><style>p { color: red }</style></head><body>
      <h1>Hello &amp; welcome, Zo&euml;</h1>
      <p>Your <b>CLV</b> is&nbsp;42&#46;10 &lt;estimated&gt;.</p>
      <img src="logo.png" alt="Logo"><script>alert(1)</script>
      <p><a href="https://shop.example/u?a=1&amp;b=2">Unsubscribe</a> · <a href="https://shop.example/p">https://shop.example/p</a></p>
      <ul><li>one</li><li>two</li></ul>
      <table><tr><td>left</td><td>right</td></tr></table>
      <div hidden>not shown</div>
    </body></html>`;
    expect(htmlToText(html)).toBe(
      [
        "Hello & welcome, Zoë",
        "",
        "Your CLV is\u00a042.10 <estimated>.",
        "",
        "Unsubscribe [https://shop.example/u?a=1&b=2] · https://shop.example/p",
        "",
        " * one",
        " * two",
        "",
        "left",
        "",
        "right",
      ].join("\n"),
    );
  });
});
