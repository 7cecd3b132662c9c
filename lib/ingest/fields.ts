import type { ImportKind } from "../db/generated/enums.ts";

/** How a CSV cell is pre-read before validation (locale-dependent spellings). */
export type CellKind = "text" | "date" | "amount" | "boolean";

export interface FieldSpec {
  key: string;
  label: string;
  required: boolean;
  cell: CellKind;
  /** Normalised header names (lower-case letters and digits only) that mean this field, best first. */
  synonyms: string[];
  /** Fallback: a header containing one of these (e.g. "Customer Email Address"). */
  contains?: string[];
  example: string;
}

/**
 * The importable fields of each kind, in the order the mapping screen shows
 * them. Keys are the zod schema keys (customer, order, product, order-line .schema.ts), so
 * a CSV row becomes exactly what the REST API accepts.
 */
export const IMPORT_FIELDS: Record<ImportKind, FieldSpec[]> = {
  CUSTOMERS: [
    {
      key: "external_id",
      label: "Customer ID",
      required: true,
      cell: "text",
      synonyms: ["customerid", "externalid", "customerexternalid", "id", "userid", "clientid", "customerno", "customernumber", "customernr", "accountid", "contactid", "memberid", "customer"],
      example: "C-1001",
    },
    { key: "email", label: "Email", required: false, cell: "text", synonyms: ["email", "emailaddress", "mail", "emailaddr", "customeremail"], contains: ["email"], example: "ada@example.com" },
    { key: "phone", label: "Phone", required: false, cell: "text", synonyms: ["phone", "phonenumber", "mobile", "mobilephone", "mobilenumber", "tel", "telephone", "cell", "msisdn"], contains: ["phone", "mobile"], example: "+4930123456" },
    { key: "first_name", label: "First name", required: false, cell: "text", synonyms: ["firstname", "givenname", "forename", "first", "fname"], contains: ["firstname"], example: "Ada" },
    { key: "last_name", label: "Last name", required: false, cell: "text", synonyms: ["lastname", "surname", "familyname", "last", "lname"], contains: ["lastname", "surname"], example: "Lovelace" },
    { key: "country", label: "Country (ISO code)", required: false, cell: "text", synonyms: ["country", "countrycode", "countryiso", "nation"], contains: ["country"], example: "GB" },
    { key: "city", label: "City", required: false, cell: "text", synonyms: ["city", "town", "locality"], example: "London" },
    { key: "timezone", label: "Time zone", required: false, cell: "text", synonyms: ["timezone", "tz", "tzname"], example: "Europe/London" },
    {
      key: "acquisition_channel",
      label: "Acquisition channel",
      required: false,
      cell: "text",
      synonyms: ["acquisitionchannel", "channel", "source", "acquisitionsource", "signupsource", "utmsource", "leadsource", "referralsource"],
      example: "paid_search",
    },
    {
      key: "signed_up_at",
      label: "Signed up at",
      required: false,
      cell: "date",
      synonyms: ["signedupat", "signupdate", "signedup", "signupat", "createdat", "registeredat", "registrationdate", "joinedat", "joindate", "customersince", "datecreated", "created"],
      example: "2024-03-05",
    },
    {
      key: "email_consent",
      label: "Email consent",
      required: false,
      cell: "boolean",
      synonyms: ["emailconsent", "emailoptin", "acceptsemailmarketing", "acceptsmarketing", "marketingoptin", "emailmarketing", "newsletter", "emailsubscribed", "subscribed"],
      example: "yes",
    },
    { key: "sms_consent", label: "SMS consent", required: false, cell: "boolean", synonyms: ["smsconsent", "smsoptin", "acceptssmsmarketing", "smsmarketing", "smssubscribed"], example: "no" },
    { key: "push_consent", label: "Push consent", required: false, cell: "boolean", synonyms: ["pushconsent", "pushoptin", "pushsubscribed", "pushnotifications"], example: "1" },
  ],
  ORDERS: [
    {
      key: "external_id",
      label: "Order ID",
      required: true,
      cell: "text",
      synonyms: ["orderid", "externalid", "orderexternalid", "id", "ordernumber", "orderno", "ordernr", "ordername", "invoiceid", "invoicenumber", "transactionid"],
      example: "O-5001",
    },
    {
      key: "customer_external_id",
      label: "Customer ID",
      required: true,
      cell: "text",
      synonyms: ["customerexternalid", "customerid", "customer", "userid", "clientid", "customerno", "customernumber", "customernr", "accountid", "buyerid", "contactid"],
      example: "C-1001",
    },
    {
      key: "placed_at",
      label: "Order date",
      required: true,
      cell: "date",
      synonyms: ["placedat", "orderdate", "orderedat", "date", "createdat", "orderplacedat", "purchasedate", "purchasedat", "transactiondate", "processedat", "orderdatetime", "datetime", "timestamp", "time"],
      contains: ["date"],
      example: "2024-03-05T14:30:00+01:00",
    },
    {
      key: "total",
      label: "Total",
      required: true,
      cell: "amount",
      synonyms: ["total", "amount", "ordertotal", "totalamount", "totalprice", "grandtotal", "ordervalue", "orderamount", "revenue", "value", "price", "sum", "gross", "subtotal"],
      contains: ["total", "amount"],
      example: "49.90",
    },
    { key: "currency", label: "Currency", required: false, cell: "text", synonyms: ["currency", "currencycode", "curr", "ccy", "ordercurrency"], contains: ["currency"], example: "EUR" },
    { key: "channel", label: "Sales channel", required: false, cell: "text", synonyms: ["channel", "saleschannel", "orderchannel", "source", "store", "storename"], example: "web" },
    { key: "status", label: "Status", required: false, cell: "text", synonyms: ["status", "orderstatus", "financialstatus", "state"], example: "completed" },
  ],
  PRODUCTS: [
    {
      key: "external_id",
      label: "Product ID (SKU)",
      required: true,
      cell: "text",
      synonyms: ["productid", "sku", "externalid", "productexternalid", "id", "productsku", "variantsku", "itemid", "itemnumber", "articlenumber", "articleid", "productcode", "code"],
      contains: ["sku"],
      example: "SKU-TEA-1001",
    },
    { key: "name", label: "Name", required: true, cell: "text", synonyms: ["name", "productname", "title", "producttitle", "itemname", "description"], contains: ["name", "title"], example: "Sencha green tea" },
    {
      key: "category_path",
      label: "Category path",
      required: false,
      cell: "text",
      synonyms: ["categorypath", "category", "productcategory", "producttype", "categories", "googleproductcategory", "department", "type"],
      contains: ["categor"],
      example: "Tea > Green tea",
    },
    { key: "brand", label: "Brand", required: false, cell: "text", synonyms: ["brand", "vendor", "manufacturer", "brandname", "make"], example: "Leafhouse" },
    { key: "price", label: "Price", required: false, cell: "amount", synonyms: ["price", "listprice", "unitprice", "retailprice", "msrp", "regularprice", "baseprice"], contains: ["price"], example: "12.90" },
    {
      key: "launch_date",
      label: "Launch date",
      required: false,
      cell: "date",
      synonyms: ["launchdate", "launchedat", "releasedate", "launched", "availablefrom", "publishedat", "createdat", "datecreated"],
      contains: ["launch", "release"],
      example: "2024-03-05",
    },
  ],
  ORDER_LINES: [
    {
      key: "order_external_id",
      label: "Order ID",
      required: true,
      cell: "text",
      synonyms: ["orderexternalid", "orderid", "ordernumber", "orderno", "ordernr", "ordername", "order", "invoiceid", "invoicenumber", "transactionid"],
      contains: ["order"],
      example: "O-5001",
    },
    {
      key: "product_external_id",
      label: "Product ID (SKU)",
      required: true,
      cell: "text",
      synonyms: ["productexternalid", "productid", "sku", "productsku", "variantsku", "lineitemsku", "itemid", "articlenumber", "productcode", "product"],
      contains: ["sku", "product"],
      example: "SKU-TEA-1001",
    },
    { key: "line_number", label: "Line number", required: false, cell: "text", synonyms: ["linenumber", "line", "lineno", "linenr", "position", "lineitemnumber", "itemnumber"], example: "1" },
    { key: "quantity", label: "Quantity", required: false, cell: "text", synonyms: ["quantity", "qty", "units", "lineitemquantity", "pieces"], contains: ["quantity", "qty"], example: "2" },
    {
      key: "unit_price",
      label: "Unit price",
      required: true,
      cell: "amount",
      synonyms: ["unitprice", "price", "lineitemprice", "itemprice", "priceperunit", "saleprice", "netprice"],
      contains: ["price"],
      example: "12.90",
    },
    { key: "discount", label: "Discount", required: false, cell: "amount", synonyms: ["discount", "linediscount", "discountamount", "lineitemdiscount", "totaldiscount"], contains: ["discount"], example: "1.50" },
  ],
};

export function fieldsFor(kind: ImportKind): FieldSpec[] {
  return IMPORT_FIELDS[kind];
}

/** "E-mail Address" → "emailaddress": what header synonyms are compared on. */
export function normalizeHeader(header: string): string {
  return header
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}
