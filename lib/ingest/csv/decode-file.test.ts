import { describe, expect, it } from "vitest";
import { decodeCsvBytes } from "./decode-file.ts";

describe("decodeCsvBytes", () => {
  it("strips a UTF-8 BOM", () => {
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("id,é\n1,2")]))).toEqual({ text: "id,é\n1,2", encoding: "utf-8" });
  });

  it("reads Excel's UTF-16 “Unicode Text”", () => {
    const text = "id\tname\n1\tRenée";
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) bytes[2 + 2 * i] = text.charCodeAt(i);
    expect(decodeCsvBytes(bytes)).toEqual({ text, encoding: "utf-16le" });
  });

  it("falls back to Windows-1252 for bytes that are not UTF-8", () => {
    expect(decodeCsvBytes(new Uint8Array([0x69, 0x64, 0x0a, 0x52, 0x65, 0x6e, 0xe9, 0x65, 0x20, 0x80]))).toEqual({ text: "id\nRenée €", encoding: "windows-1252" });
  });

  it("refuses binary files with a message saying what they are", () => {
    expect(() => decodeCsvBytes(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]))).toThrow(/PDF/);
    expect(() => decodeCsvBytes(new Uint8Array([0x61, 0x00, 0x62]))).toThrow(/binary/);
    expect(() => decodeCsvBytes(new TextEncoder().encode("  \n \n"))).toThrow(/empty/);
  });
});
