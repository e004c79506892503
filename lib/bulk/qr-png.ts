import zlib from "node:zlib";
import QRCode from "qrcode";

// qrcode's own PNG output draws RGBA pixels through pngjs: about 100 ms a code on these machines,
// 15 minutes for a 10,000-row ZIP. A QR code is two colours, so it is written here as a 1-bit
// greyscale PNG straight from qrcode's module matrix: about 6 ms, nearly all of it qrcode's encoding.

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A QR code as PNG: error correction M, a 4-module quiet zone, `scale` pixels per module. */
export function qrPng(text: string, scale = 8): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const margin = 4;
  const side = (modules.size + 2 * margin) * scale;
  const rowBytes = Math.ceil(side / 8);
  const raw = Buffer.alloc((rowBytes + 1) * side, 0);
  for (let y = 0; y < side; y++) {
    const row = y * (rowBytes + 1); // byte 0: filter type 0
    const my = Math.floor(y / scale) - margin;
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / scale) - margin;
      const dark = my >= 0 && mx >= 0 && my < modules.size && mx < modules.size && modules.get(my, mx);
      // 1-bit greyscale: 1 is white.
      if (!dark) raw[row + 1 + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}
