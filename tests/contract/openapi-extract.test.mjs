// The committed extract of BigCommerce's OpenAPI files (bigcommerce-openapi/*.json) that the contract tests
// validate against: intact (each file's content matches the sha256 its header records), consistent with
// openapi-contract.mjs (the same files, every pointer and operation a known gap names present), and, when the
// OpenAPI files themselves are at hand (BC_OPENAPI_DIR, or the default folder of scripts/extract-openapi.mjs),
// exactly what scripts/extract-openapi.mjs makes of them. Without them that check can only confirm that each file
// is in the script's own output form and matches its recorded hashes; every contract test runs either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTRACT_DIR as HELPER_DIR, KNOWN_GAPS, SPEC_FILES, extractName, findOperation, validateSchema } from './openapi-contract.mjs';
import {
  EXTRACT_DIR, REMAKE, SOURCE_FILES, committed, contentHash, differences, extractAll, extractName as scriptExtractName, sourceDir,
} from '../../scripts/extract-openapi.mjs';

const source = sourceDir();
const REMAKE_HINT = 'run node scripts/extract-openapi.mjs (BC_OPENAPI_DIR names the folder with the OpenAPI files)';

test('the extract is what scripts/extract-openapi.mjs makes of the OpenAPI files', (t) => {
  if (!source) {
    // No sources here (a clone on its own): what can be checked is that every file is byte for byte the form the
    // script writes (JSON.stringify(_, null, 2) and a newline), so an edit by hand or by another tool shows.
    t.diagnostic("BigCommerce's OpenAPI files are absent (BC_OPENAPI_DIR unset): each file is checked against the script's output form and its recorded hashes only");
    for (const [name, text] of committed()) {
      assert.equal(`${JSON.stringify(JSON.parse(text), null, 2)}\n`, text, `${name} is not in the form scripts/extract-openapi.mjs writes: ${REMAKE_HINT}`);
    }
    return;
  }
  t.diagnostic(`OpenAPI files from ${source.via === 'BC_OPENAPI_DIR' ? 'BC_OPENAPI_DIR' : "the extractor's default folder"}`);
  const changed = SOURCE_FILES.filter((file) => {
    const recorded = JSON.parse(readFileSync(join(EXTRACT_DIR, extractName(file)), 'utf8'))['x-extract'].sourceSha256;
    return recorded !== createHash('sha256').update(readFileSync(join(source.dir, file))).digest('hex');
  });
  const stale = differences(extractAll(source.dir), committed());
  assert.deepEqual(stale, [], `the committed extract differs from what the OpenAPI files give (${stale.join(', ')}` +
    `${changed.length ? `; changed since it was made: ${changed.join(', ')}` : ''}): ${REMAKE_HINT}`);
});

test('every extract file matches the sha256 its header records and names its source file', (t) => {
  if (!source) t.diagnostic('OpenAPI files absent: compared against the recorded hashes only');
  const files = committed();
  assert.deepEqual([...files.keys()], SOURCE_FILES.map(extractName).sort(), `one extract file per source file, no other: ${REMAKE_HINT}`);
  for (const file of SOURCE_FILES) {
    const doc = JSON.parse(files.get(extractName(file)));
    const header = doc['x-extract'];
    assert.equal(Object.keys(doc)[0], 'x-extract', `${extractName(file)} starts with its header`);
    assert.equal(header.source, file);
    assert.match(header.sourceSha256, /^[0-9a-f]{64}$/, `${extractName(file)} records the sha256 of ${file}`);
    assert.equal(header.remake, REMAKE);
    assert.equal(contentHash(doc), header.contentSha256, `${extractName(file)} was changed by hand (its content no longer matches x-extract.contentSha256): ${REMAKE_HINT}`);
  }
});

test('the extract serves openapi-contract.mjs: the same files in the same order, every pointer and operation a known gap names', () => {
  assert.equal(HELPER_DIR, EXTRACT_DIR);
  assert.deepEqual(SPEC_FILES, SOURCE_FILES, 'openapi-contract.mjs SPEC_FILES and the OPERATIONS of scripts/extract-openapi.mjs list the same files in the same order');
  for (const file of SPEC_FILES) assert.equal(extractName(file), scriptExtractName(file));
  for (const gap of KNOWN_GAPS) {
    for (const name of gap.operations) {
      const [method, template] = name.split(' ');
      assert.doesNotThrow(() => findOperation(gap.spec, method, template), `known gap ${gap.id}: ${gap.spec} ${name} is in the extract`);
    }
    const pointers = [
      gap.validateWith?.pointer && [gap.validateWith.spec ?? gap.spec, gap.validateWith.pointer],
      gap.replaceSchema && [gap.spec, gap.replaceSchema],
    ].filter(Boolean);
    for (const [file, pointer] of pointers) {
      assert.doesNotThrow(() => validateSchema(file, pointer, {}, gap.direction), `known gap ${gap.id}: ${file} ${pointer} is in the extract`);
    }
  }
});

test('an operation the extract leaves out is still known, and validating against it says how to add it', () => {
  const doc = JSON.parse(readFileSync(join(EXTRACT_DIR, 'carts.v3.json'), 'utf8'));
  const [template, method] = Object.entries(doc.paths).flatMap(([t, item]) => Object.entries(item).filter(([, op]) => op['x-not-extracted']).map(([m]) => [t, m]))[0];
  assert.throws(() => findOperation('carts.v3.yml', method, template), /leaves it out: add it to OPERATIONS in scripts\/extract-openapi\.mjs/);
});
