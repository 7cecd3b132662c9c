import { describe, expect, it } from "vitest";
import { CHANNEL_AUDIENCE_SQL, normaliseAddress } from "../../lib/campaigns/policy/channel-audience-sql.ts";
import { smsChannel } from "../../lib/channels/sms/sms-channel.ts";
import { pool } from "../../lib/db/pool.ts";

/**
 * Planning decides a whole audience's SMS addresses in SQL; the sender, the
 * suppression list and receipts decide one in TypeScript. Both must give the
 * same answer for every phone a customer record can hold, or a customer is
 * planned and then skipped, or suppressed under one form and sent under
 * another.
 */
const TABLE: [string, string | null][] = [
  ["+447700900123", "+447700900123"],
  ["+44 7700 900123", "+447700900123"],
  ["+44 (0)20 7946 0958", "+442079460958"],
  ["+1 (415) 555-0100", "+14155550100"],
  ["1.415.555.0100", "+14155550100"],
  ["  +33 6 12 34 56 78  ", "+33612345678"],
  ["49-30-901820", "+4930901820"],
  ["123456", "+123456"],
  ["12345", null],
  ["+1234567890123456", null],
  ["07700 900123", null],
  ["0044 7700 900123", null],
  ["+44 7700 900123 ext. 4", null],
  ["1-800-FLOWERS", null],
  ["+44\u00a07700\u00a0900123", null],
  ["+44\t7700900123", null],
  ["４４７７００９００１２３", null],
  ["+4477+00900123", null],
  ["", null],
  ["(0)", null],
  ["+", null],
];

async function sqlAddresses(phones: string[]): Promise<(string | null)[]> {
  const { rows } = await pool.query<{ address: string | null }>(
    `SELECT (${CHANNEL_AUDIENCE_SQL.sms.address}) AS address FROM unnest($1::text[]) WITH ORDINALITY AS c(phone, n) ORDER BY n`,
    [phones],
  );
  return rows.map((r) => r.address);
}

function channelAddress(phone: string): string | null {
  return smsChannel.address({ externalId: "c", email: null, phone, emailConsent: false, smsConsent: true, pushConsent: false });
}

/** Phone-like text: groups of digits with the separators people write, sometimes with a character the rules treat specially. */
function randomPhones(count: number): string[] {
  let seed = 20261204;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T,>(items: T[]): T => items[Math.floor(next() * items.length)]!;
  const noise = ["x", "\u00a0", "\t", "٣", "/", "+", "(0)", "#", "\n"];
  return Array.from({ length: count }, () => {
    let phone = pick(["", "", "+", " +", "00", "+44 (0)", "0"]);
    const groups = 1 + Math.floor(next() * 5);
    for (let g = 0; g < groups; g++) {
      phone += Array.from({ length: 1 + Math.floor(next() * 4) }, () => String(Math.floor(next() * 10))).join("");
      if (g < groups - 1) phone += pick([" ", "-", ".", "", "(", ")", " (0)"]);
    }
    if (next() < 0.25) {
      const at = Math.floor(next() * (phone.length + 1));
      phone = phone.slice(0, at) + pick(noise) + phone.slice(at);
    }
    return phone;
  });
}

describe("an SMS address, in SQL and in TypeScript", () => {
  it("is the same E.164 number (or none) for each phone in the table", async () => {
    const phones = TABLE.map(([phone]) => phone);
    const sql = await sqlAddresses(phones);
    for (const [i, [phone, expected]] of TABLE.entries()) {
      expect({ phone, sql: sql[i], normalised: normaliseAddress("sms", phone), channel: channelAddress(phone) }).toEqual({ phone, sql: expected, normalised: expected, channel: expected });
    }
  });

  it("agrees on 5,000 random phone-like strings", async () => {
    const phones = randomPhones(5000);
    const sql = await sqlAddresses(phones);
    const disagreements = phones.flatMap((phone, i) => {
      const ts = normaliseAddress("sms", phone);
      return ts === sql[i] && channelAddress(phone) === ts ? [] : [{ phone, sql: sql[i], ts, channel: channelAddress(phone) }];
    });
    expect(disagreements).toEqual([]);
    // The sample is worth something only if it has both kinds.
    expect(sql.filter((a) => a !== null).length).toBeGreaterThan(100);
    expect(sql.filter((a) => a === null).length).toBeGreaterThan(100);
  });
});
