// The Teams app package the build writes: a zip with manifest.json valid against
// Microsoft's manifest schema (v1.30, from @microsoft/app-manifest) and the two
// icons at the sizes Teams asks for.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The files of a zip, by reading its local headers (what our build writes: deflate, sizes in the header). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let at = 0; zip.readUInt32LE(at) === 0x04034b50; ) {
    const method = zip.readUInt16LE(at + 8);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 30, at + 30 + nameLength);
    const body = zip.subarray(at + 30 + nameLength + extra, at + 30 + nameLength + extra + size);
    files.set(name, method === 8 ? inflateRawSync(body) : body);
    at += 30 + nameLength + extra + size;
  }
  return files;
}

/** Width, height and colour type from a PNG's IHDR; the alpha of the first pixel row's corner. */
const pngSize = (png: Buffer) => ({ signature: png.subarray(1, 4).toString(), width: png.readUInt32BE(16), height: png.readUInt32BE(20), colourType: png[25] });

describe('the Teams app package', () => {
  const zipPath = join(root, 'dist', 'samspil-teams-app.zip');
  execFileSync(process.execPath, [join(root, 'scripts', 'package.mjs')], { env: { ...process.env, TEAMS_CLIENT_ID: '6c0e5a9d-1d3b-4f0b-9a55-5a3a1f2b7c10', SAMSPIL_PUBLIC_HOST: 'samspil.kommune.example.dk' } });
  const files = unzip(readFileSync(zipPath));

  it('holds the manifest and the two icons', () => {
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it('has a manifest valid against Microsoft\'s schema, with the bot\'s id and host filled in', async () => {
    const { default: Ajv4 } = await import('ajv-draft-04');
    const { default: addFormats } = await import('ajv-formats');
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Record<string, unknown> & { manifestVersion: string; bots: { botId: string; commandLists: { commands: { title: string }[] }[] }[] };
    const schema = require(`@microsoft/app-manifest/build/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`) as object;
    const ajv = new Ajv4({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(manifest.id).toBe('6c0e5a9d-1d3b-4f0b-9a55-5a3a1f2b7c10');
    expect(manifest.bots[0]!.botId).toBe(manifest.id);
    expect(manifest.validDomains).toEqual(['samspil.kommune.example.dk']);
    expect(manifest.bots[0]!.commandLists[0]!.commands.map((c) => c.title)).toEqual(['coordinate', 'coordinator', 'status', 'stalled', 'help']);
    // The schema itself can refuse: a manifest without its bot's id is not valid.
    expect(validate({ ...manifest, id: 'not-a-guid' })).toBe(false);
    // Compiling Microsoft's schema takes seconds on a busy machine: no bound on speed meant here.
  }, 60_000);

  it('has a 192×192 colour icon and a 32×32 outline icon with transparency', () => {
    expect(pngSize(files.get('color.png')!)).toEqual({ signature: 'PNG', width: 192, height: 192, colourType: 6 });
    expect(pngSize(files.get('outline.png')!)).toEqual({ signature: 'PNG', width: 32, height: 32, colourType: 6 });
  });
});
