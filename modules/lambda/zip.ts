import { crc32, deflateRawSync } from "node:zlib";

/** 1980-01-01 00:00, the earliest DOS timestamp: every entry gets it, so equal input gives equal bytes. */
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;

/**
 * A zip archive of one file, byte-for-byte reproducible: fixed timestamp, fixed permissions, no
 * extra fields. Written in-process, unlike cdktf's ARCHIVE assets, which spawn a Node.js process per
 * asset and stamp entries with the local time zone.
 */
export function singleFileZip(name: string, content: Buffer): Buffer {
  const fileName = Buffer.from(name, "utf8");
  const compressed = deflateRawSync(content, { level: 9 });
  const checksum = crc32(content) >>> 0;

  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  local.writeUInt16LE(0x0800, 6); // UTF-8 names
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(DOS_TIME, 10);
  local.writeUInt16LE(DOS_DATE, 12);
  local.writeUInt32LE(checksum, 14);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  local.writeUInt16LE(0, 28);

  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0 (keeps the mode below)
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(DOS_TIME, 12);
  central.writeUInt16LE(DOS_DATE, 14);
  central.writeUInt32LE(checksum, 16);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE((0o100644 * 0x10000) >>> 0, 38); // external attributes: regular file, rw-r--r--
  central.writeUInt32LE(0, 42); // local header offset

  const localSize = local.length + fileName.length + compressed.length;
  const centralSize = central.length + fileName.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(localSize, 16);

  return Buffer.concat([local, fileName, compressed, central, fileName, end]);
}
