import { crc32, inflateRawSync } from "node:zlib";
import { singleFileZip } from "../../../modules/lambda/zip";

/** Reads the one entry back the way an unzip tool does: local header, then the central directory. */
function readOnlyEntry(zip: Buffer): { name: string; content: Buffer; mode: number; dosDate: number } {
  expect(zip.readUInt32LE(0)).toBe(0x04034b50);
  const nameLength = zip.readUInt16LE(26);
  const compressedSize = zip.readUInt32LE(18);
  const name = zip.subarray(30, 30 + nameLength).toString("utf8");
  const content = inflateRawSync(zip.subarray(30 + nameLength, 30 + nameLength + compressedSize));
  expect(crc32(content) >>> 0).toBe(zip.readUInt32LE(14));
  const end = zip.subarray(zip.length - 22);
  expect(end.readUInt32LE(0)).toBe(0x06054b50);
  expect(end.readUInt16LE(10)).toBe(1);
  const central = zip.subarray(end.readUInt32LE(16));
  expect(central.readUInt32LE(0)).toBe(0x02014b50);
  return { name, content, mode: central.readUInt32LE(38) >>> 16, dosDate: zip.readUInt16LE(12) };
}

describe("singleFileZip", () => {
  const code = Buffer.from('exports.handler = async () => "ok";\n'.repeat(50));

  test("holds exactly the file, readable, as a 0644 regular file", () => {
    const entry = readOnlyEntry(singleFileZip("index.js", code));
    expect(entry.name).toBe("index.js");
    expect(entry.content.equals(code)).toBe(true);
    expect(entry.mode).toBe(0o100644);
  });

  test("is byte-for-byte reproducible: fixed 1980-01-01 timestamp, whatever the clock or time zone", () => {
    const first = singleFileZip("index.js", code);
    expect(singleFileZip("index.js", Buffer.from(code)).equals(first)).toBe(true);
    expect(readOnlyEntry(first).dosDate).toBe((1 << 5) | 1);
  });

  test("changes when the content changes", () => {
    expect(singleFileZip("index.js", code).equals(singleFileZip("index.js", Buffer.from("other")))).toBe(
      false,
    );
  });
});
