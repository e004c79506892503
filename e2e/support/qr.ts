import type { Page } from "@playwright/test";
import jsQR from "jsqr";

/** Decodes a PNG in the browser's canvas and reads the QR code from its pixels. */
export async function decodeQr(page: Page, png: Buffer): Promise<string | null> {
  const pixels = await page.evaluate(async (dataUrl) => {
    const img = new Image();
    img.src = dataUrl;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    return { w: c.width, h: c.height, data: Array.from(ctx.getImageData(0, 0, c.width, c.height).data) };
  }, `data:image/png;base64,${png.toString("base64")}`);
  return jsQR(Uint8ClampedArray.from(pixels.data), pixels.w, pixels.h)?.data ?? null;
}
