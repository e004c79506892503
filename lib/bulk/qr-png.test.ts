import { describe, expect, it } from "vitest";
import sharp from "sharp";
import jsQR from "jsqr";
import { qrPng } from "./qr-png.ts";

describe("qrPng", () => {
  it("writes a PNG that decodes back to the text, with a white quiet zone", async () => {
    const text = "https://verify.example.com/v/eyJhbGciOiJIUzI1NiJ9.eyJzZXNzaW9uX2lkIjoiYSJ9.sig";
    const png = qrPng(text);
    const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(info.height);
    expect(jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data).toBe(text);
    // The first 4 modules (32 px) of every edge are white.
    for (let x = 0; x < info.width; x++) expect(data[(31 * info.width + x) * 4]).toBe(255);
  });
});
