import { describe, expect, it } from "vitest";
import { detectMapping } from "./detect-mapping.ts";

describe("detectMapping", () => {
  it("recognises common customer export headers", () => {
    expect(detectMapping("CUSTOMERS", ["Customer ID", "E-mail", "First Name", "Last Name", "Phone Number", "Country Code", "Accepts Marketing", "Created At", "Notes"])).toEqual({
      external_id: "Customer ID",
      email: "E-mail",
      first_name: "First Name",
      last_name: "Last Name",
      phone: "Phone Number",
      country: "Country Code",
      email_consent: "Accepts Marketing",
      signed_up_at: "Created At",
    });
  });

  it("recognises order headers, preferring total over subtotal and an exact name over a partial one", () => {
    expect(detectMapping("ORDERS", ["order_id", "customer_id", "placed_at", "subtotal", "total", "currency"])).toEqual({
      external_id: "order_id",
      customer_external_id: "customer_id",
      placed_at: "placed_at",
      total: "total",
      currency: "currency",
    });
    expect(detectMapping("ORDERS", ["Order Number", "Customer", "Order Date (UTC)", "Amount", "Sales Channel", "Financial Status"])).toEqual({
      external_id: "Order Number",
      customer_external_id: "Customer",
      placed_at: "Order Date (UTC)",
      total: "Amount",
      channel: "Sales Channel",
      status: "Financial Status",
    });
  });

  it("reads customer_id as the order's customer in an orders file and as the customer itself in a customers file", () => {
    expect(detectMapping("ORDERS", ["id", "customer_id", "date", "amount"]).external_id).toBe("id");
    expect(detectMapping("CUSTOMERS", ["customer_id", "id"]).external_id).toBe("customer_id");
  });

  it("maps nothing when nothing is recognisable, and each column at most once", () => {
    expect(detectMapping("CUSTOMERS", ["foo", "bar"])).toEqual({});
    const m = detectMapping("ORDERS", ["customer email", "total amount"]);
    expect(m).toEqual({ total: "total amount" });
  });
});
