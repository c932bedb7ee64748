import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_ESCALATION_RULE } from '@wardpulse/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type Config } from './config.js';

const ROOT = resolve('/srv/wardpulse');
const SHARED_SERVERS = { REDIS_URL: 'redis://redis.internal:6379', DATABASE_URL: 'postgres://wp@db.internal/wardpulse' };
/** Demo off needs the public address (or the hosts answered). */
const PRODUCTION = { WARDPULSE_DEMO: 'off', WARDPULSE_PUBLIC_URL: 'https://wardpulse.example.nhs.uk' };

function load(env: NodeJS.ProcessEnv = {}, argv: string[] = []): Config {
  return loadConfig(env, argv, ROOT);
}

function configError(env: NodeJS.ProcessEnv, argv: string[] = []): ConfigError {
  try {
    load(env, argv);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig defaults', () => {
  it('runs every role on port 3000 with demo data and the simulator on', () => {
    const config = load();
    expect(config.role).toBe('all');
    expect(config.port).toBe(3000);
    expect(config.demo).toBe(true);
    expect(config.simulator).toBe(true);
    expect(config.redisUrl).toBeUndefined();
    expect(config.databaseUrl).toBeUndefined();
  });

  it('keeps data in ./data, resolved against the project root (not the working directory)', () => {
    expect(load().dataDir).toBe(resolve(ROOT, 'data'));
    expect(load({ WARDPULSE_DATA_DIR: 'var/wp' }).dataDir).toBe(resolve(ROOT, 'var/wp'));
    expect(load({ WARDPULSE_DATA_DIR: '/mnt/wp' }).dataDir).toBe(resolve('/mnt/wp'));
  });

  it('treats an empty variable as unset', () => {
    const config = load({ PORT: '', WARDPULSE_DATA_DIR: '', WARDPULSE_SIMULATOR: '' });
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(resolve(ROOT, 'data'));
    expect(config.simulator).toBe(true);
  });

  it('reads PORT', () => {
    expect(load({ PORT: '8080' }).port).toBe(8080);
  });
});

describe('the public address (WARDPULSE_PUBLIC_URL) and the hosts answered (WARDPULSE_ALLOWED_HOSTS)', () => {
  it('refuses to start outside demo mode without either, naming the setting', () => {
    const message = configError({ WARDPULSE_DEMO: 'off' }).message;
    expect(message).toMatch(/^WARDPULSE_PUBLIC_URL: required with WARDPULSE_DEMO=off/);
    expect(message).toContain('WARDPULSE_ALLOWED_HOSTS');
    expect(configError({ ...SHARED_SERVERS, WARDPULSE_DEMO: 'off' }, ['--role=server']).message).toMatch(/WARDPULSE_PUBLIC_URL/);
  });

  it('starts outside demo mode with a public URL, or with an allow-list of hosts', () => {
    expect(load(PRODUCTION)).toMatchObject({ publicUrl: 'https://wardpulse.example.nhs.uk', allowedHosts: [] });
    expect(
      load({ WARDPULSE_DEMO: 'off', WARDPULSE_ALLOWED_HOSTS: 'WardPulse.Trust.nhs.uk, wardpulse:3000,[::1]:3000' }),
    ).toMatchObject({
      publicUrl: undefined,
      allowedHosts: ['wardpulse.trust.nhs.uk', 'wardpulse:3000', '[::1]:3000'],
    });
  });

  it('refuses an allowed host that is not a host name, naming it', () => {
    for (const entry of ['https://wardpulse.trust.nhs.uk', 'wardpulse.trust.nhs.uk/path', 'a b', 'user@host'])
      expect(configError({ WARDPULSE_ALLOWED_HOSTS: entry }).message).toContain(`WARDPULSE_ALLOWED_HOSTS: "${entry}"`);
  });

  it('keeps the demo starting with neither', () => {
    expect(load()).toMatchObject({ demo: true, publicUrl: undefined, allowedHosts: [] });
  });
});

describe('demo and simulator switches', () => {
  it('WARDPULSE_SIMULATOR=off turns only the simulator off', () => {
    const config = load({ WARDPULSE_SIMULATOR: 'off' });
    expect(config.simulator).toBe(false);
    expect(config.demo).toBe(true);
  });

  it('WARDPULSE_DEMO=off turns the simulator off too (it moves demo wards)', () => {
    const config = load(PRODUCTION);
    expect(config.demo).toBe(false);
    expect(config.simulator).toBe(false);
    expect(load({ ...PRODUCTION, WARDPULSE_SIMULATOR: 'on' }).simulator).toBe(false);
  });

  it('rejects values that are neither on nor off, naming the variable', () => {
    expect(configError({ WARDPULSE_SIMULATOR: 'maybe' }).message).toContain('WARDPULSE_SIMULATOR');
    expect(configError({ WARDPULSE_DEMO: 'nope' }).message).toContain('WARDPULSE_DEMO');
  });
});

describe('invalid configuration', () => {
  it.each(['abc', '-1', '65536', '80.5'])('rejects PORT=%s with a ConfigError naming PORT', (port) => {
    expect(() => load({ PORT: port })).toThrow(ConfigError);
    expect(configError({ PORT: port }).message).toContain('PORT');
  });

  it.each(['server', 'jobs'])('needs REDIS_URL and DATABASE_URL for --role=%s', (role) => {
    expect(configError({}, [`--role=${role}`]).message).toMatch(/REDIS_URL/);
    expect(() => load({ REDIS_URL: SHARED_SERVERS.REDIS_URL }, [`--role=${role}`])).toThrow(ConfigError);
    expect(() => load({ DATABASE_URL: SHARED_SERVERS.DATABASE_URL }, [`--role=${role}`])).toThrow(ConfigError);
    const config = load(SHARED_SERVERS, [`--role=${role}`]);
    expect(config.role).toBe(role);
    expect(config.redisUrl).toBe(SHARED_SERVERS.REDIS_URL);
    expect(config.databaseUrl).toBe(SHARED_SERVERS.DATABASE_URL);
  });

  it('runs --role=all without shared servers', () => {
    expect(load({}, ['--role=all']).role).toBe('all');
  });

  it('rejects an unknown --role, naming it', () => {
    const error = configError(SHARED_SERVERS, ['--role=worker']);
    expect(error.message).toContain('--role');
    expect(error.message).toContain('worker');
    expect(() => load(SHARED_SERVERS, ['--role='])).toThrow(ConfigError);
  });

  it('rejects a REDIS_URL that is not a URL', () => {
    expect(configError({ REDIS_URL: 'not a url' }).message).toContain('REDIS_URL');
  });
});

describe('sitrep schedule', () => {
  it('defaults to 10:00, 14:00, 18:00 adult and 10:00, 17:00 CAMHS, every 30 s, demo returns in demo mode', () => {
    const { sitrep } = load();
    expect(sitrep).toEqual({
      schedule: { adult: ['10:00', '14:00', '18:00'], camhs: ['10:00', '17:00'] },
      intervalMs: 30_000,
      demo: true,
    });
    expect(load(PRODUCTION).sitrep.demo).toBe(false);
  });

  it('reads WARDPULSE_SITREP_TIMES: a kind left out keeps its times, an empty one makes no returns', () => {
    expect(load({ WARDPULSE_SITREP_TIMES: 'adult=18:00, 09:30;camhs=' }).sitrep.schedule).toEqual({
      adult: ['09:30', '18:00'],
      camhs: [],
    });
    expect(load({ WARDPULSE_SITREP_TIMES: 'camhs=11:00' }).sitrep.schedule.adult).toEqual(['10:00', '14:00', '18:00']);
  });

  it('names a malformed WARDPULSE_SITREP_TIMES', () => {
    expect(configError({ WARDPULSE_SITREP_TIMES: 'adult=25:00' }).message).toBe(
      'WARDPULSE_SITREP_TIMES: adult[0] must be a 24-hour time as HH:MM',
    );
    expect(configError({ WARDPULSE_SITREP_TIMES: 'adults=10:00' }).message).toContain('"adults=10:00" must be adult=HH:MM');
  });
});

describe('WARDPULSE_DELIVERY_ALLOW_PRIVATE', () => {
  it('is off by default, on for every private network, or only the networks it names', () => {
    expect(load().alerting.allowPrivateNetworks).toBe(false);
    expect(load({ WARDPULSE_DELIVERY_ALLOW_PRIVATE: 'on' }).alerting.allowPrivateNetworks).toBe(true);
    expect(load({ WARDPULSE_DELIVERY_ALLOW_PRIVATE: 'off' }).alerting.allowPrivateNetworks).toBe(false);
    expect(load({ WARDPULSE_DELIVERY_ALLOW_PRIVATE: '10.20.30.40, fd00:1::/64' }).alerting.allowPrivateNetworks).toEqual([
      '10.20.30.40',
      'fd00:1::/64',
    ]);
  });

  it('names the variable and the part that is not an address or network', () => {
    const message = configError({ WARDPULSE_DELIVERY_ALLOW_PRIVATE: '10.20.30.40,relay.trust.nhs.uk,10.0.0.0/40' }).message;
    expect(message).toContain('WARDPULSE_DELIVERY_ALLOW_PRIVATE');
    expect(message).toContain('not "relay.trust.nhs.uk", "10.0.0.0/40"');
    expect(configError({ WARDPULSE_DELIVERY_ALLOW_PRIVATE: 'yes' }).message).toContain('must be on, off or addresses');
  });
});

describe('not-reporting limits (WARDPULSE_NOT_REPORTING_AFTER, …_BY_TYPE)', () => {
  const HOUR = 3_600_000;

  it('defaults to 12 h for every ward type, looked for every 30 s', () => {
    expect(load().freshness).toEqual({ limits: { notReportingAfterMs: 12 * HOUR, byWardType: {} }, intervalMs: 30_000 });
  });

  it('reads a default and per-type limits as durations', () => {
    const config = load({
      WARDPULSE_NOT_REPORTING_AFTER: '8h',
      WARDPULSE_NOT_REPORTING_AFTER_BY_TYPE: 'picu=1h30m, camhs=2d',
      WARDPULSE_FRESHNESS_INTERVAL_MS: '5000',
    });
    // 1 h 30 min = 5 400 000 ms; 2 days = 172 800 000 ms.
    expect(config.freshness).toEqual({
      limits: { notReportingAfterMs: 8 * HOUR, byWardType: { picu: 5_400_000, camhs: 172_800_000 } },
      intervalMs: 5000,
    });
  });

  it('names the variable and what is wrong with it', () => {
    expect(configError({ WARDPULSE_NOT_REPORTING_AFTER: '12 hours' }).message).toMatch(
      /^WARDPULSE_NOT_REPORTING_AFTER: "12 hours" must be a duration/,
    );
    expect(configError({ WARDPULSE_NOT_REPORTING_AFTER: '30s' }).message).toContain('between 1 minute and 30 days');
    expect(configError({ WARDPULSE_NOT_REPORTING_AFTER: '31d' }).message).toContain('between 1 minute and 30 days');
    expect(configError({ WARDPULSE_NOT_REPORTING_AFTER: '30m2h' }).message).toContain('must be a duration');
    expect(configError({ WARDPULSE_NOT_REPORTING_AFTER_BY_TYPE: 'icu=4h' }).message).toContain('"icu" is not a ward type');
    expect(configError({ WARDPULSE_NOT_REPORTING_AFTER_BY_TYPE: 'picu' }).message).toContain('must be type=duration');
    expect(configError({ WARDPULSE_NOT_REPORTING_AFTER_BY_TYPE: 'picu=4h,picu=2h' }).message).toContain('picu is given twice');
    expect(configError({ WARDPULSE_NOT_REPORTING_AFTER_BY_TYPE: 'picu=soon' }).message).toMatch(
      /^WARDPULSE_NOT_REPORTING_AFTER_BY_TYPE \(picu\): "soon" must be a duration/,
    );
    expect(configError({ WARDPULSE_FRESHNESS_INTERVAL_MS: '50' }).message).toMatch(/^WARDPULSE_FRESHNESS_INTERVAL_MS:/);
  });
});

describe('the OPEL rule (WARDPULSE_ESCALATION_RULE)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'wardpulse-rule-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  let files = 0;
  /** The rule file a deployment would point the setting at (absolute, so the project root does not matter). */
  const ruleFile = (rule: unknown) => {
    const path = join(folder, `rule-${++files}.json`);
    writeFileSync(path, JSON.stringify(rule));
    return path;
  };

  it('takes a sane rule, with the bed types its out-of-area indicator counts', () => {
    const rule = { ...DEFAULT_ESCALATION_RULE, placedOutOfAreaBedTypes: ['adult-acute', 'picu'] };
    expect(load({ WARDPULSE_ESCALATION_RULE: ruleFile(rule) }).escalationRule).toEqual(rule);
    expect(load().escalationRule).toEqual(DEFAULT_ESCALATION_RULE);
  });

  it('refuses at start a rule whose required indicators do not nest, naming the setting and the field', () => {
    // OPEL 3 asking for fewer indicators (1) than OPEL 2 (2): not nested.
    const path = ruleFile({ ...DEFAULT_ESCALATION_RULE, requiredIndicators: { opel2: 2, opel3: 1, opel4: 2 } });
    const error = configError({ WARDPULSE_ESCALATION_RULE: path });
    expect(error.message).toBe(
      `WARDPULSE_ESCALATION_RULE: ${path} is not a valid rule\n` +
        "requiredIndicators.opel3: levels must nest: opel3 asks for 1 indicators, fewer than opel2's 2, so a scope could reach OPEL3 without reaching OPEL2",
    );
  });

  it('refuses at start thresholds that do not nest, naming the setting and the indicator', () => {
    const indicators = { ...DEFAULT_ESCALATION_RULE.indicators, waitingForAdmission: { opel2: 5, opel3: 2, opel4: 10 } };
    const path = ruleFile({ ...DEFAULT_ESCALATION_RULE, indicators });
    const error = configError({ WARDPULSE_ESCALATION_RULE: path });
    expect(error.message).toContain('WARDPULSE_ESCALATION_RULE');
    expect(error.message).toContain('indicators.waitingForAdmission: levels must nest');
  });

  it('refuses at start an out-of-area bed type outside the national scope, naming the field', () => {
    const path = ruleFile({ ...DEFAULT_ESCALATION_RULE, placedOutOfAreaBedTypes: ['adult-acute', 'camhs'] });
    const error = configError({ WARDPULSE_ESCALATION_RULE: path });
    expect(error.message).toMatch(/^WARDPULSE_ESCALATION_RULE: .* is not a valid rule\nplacedOutOfAreaBedTypes\.1: /);
  });
});
