#!/usr/bin/env node
// Builds the Teams app package an admin uploads: dist/samspil-teams-app.zip with
// manifest.json (the bot's Entra app id and the service's host filled in from
// TEAMS_CLIENT_ID and SAMSPIL_PUBLIC_HOST, placeholders otherwise) and the two icons.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

const dir = new URL('../appPackage/', import.meta.url);
const clientId = process.env.TEAMS_CLIENT_ID ?? '00000000-0000-0000-0000-000000000000';
const host = process.env.SAMSPIL_PUBLIC_HOST ?? 'samspil.example.dk';
const manifest = readFileSync(new URL('manifest.json', dir), 'utf8').replaceAll('{{TEAMS_CLIENT_ID}}', clientId).replaceAll('{{HOST}}', host);

/** A zip (PKZIP 2.0, deflate) of a few files: what Teams' upload reads. */
function zip(files) {
  const local = [];
  const central = [];
  let offset = 0;
  for (const [name, data] of files) {
    const body = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00, a fixed time: the same input gives the same zip
    header.writeUInt32LE(crc32(data), 14);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    local.push(header, nameBytes, body);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    header.copy(entry, 6, 4, 30); // version needed … name length
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    offset += header.length + nameBytes.length + body.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, ...central, end]);
}

mkdirSync(new URL('../dist/', import.meta.url), { recursive: true });
const out = new URL('../dist/samspil-teams-app.zip', import.meta.url);
writeFileSync(out, zip([['manifest.json', Buffer.from(manifest)], ['color.png', readFileSync(new URL('color.png', dir))], ['outline.png', readFileSync(new URL('outline.png', dir))]]));
console.log(`wrote dist/samspil-teams-app.zip (app id ${clientId}, host ${host})`);
