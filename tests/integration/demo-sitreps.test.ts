/**
 * The demo's sitrep returns (issue #14 item 6): a fresh demo install with the simulator shows the
 * return workflow alive — every slot of the last day assembled from the simulated live figures,
 * earlier ones signed by a named demo person (blanks WardPulse did not hold then entered first, with
 * the reason kept), the newest left unsigned for the demo bed manager's trusts and for every other
 * trust in turn — and a second start on the same data adds nothing. Real Redis, workers, database.
 */
import { demoOrganisation } from '@wardpulse/jobs';
import { hasSitrepWards, type SitrepKind } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';

const SCHEDULE = { adult: ['10:00', '14:00', '18:00'], camhs: ['10:00', '17:00'] };
const NENC = ['RX3', 'RX4'];
const DAY_MS = 24 * 3_600_000;

describe('demo sitrep returns', () => {
  let app: TestApp;
  let startedAt: number;

  beforeAll(async () => {
    startedAt = Date.now();
    app = await startTestApp({ simulator: true, demoSitreps: true, sitrepSchedule: SCHEDULE });
  });
  afterAll(async () => {
    await app?.close();
  });

  const trustsWith = (kind: SitrepKind) =>
    demoOrganisation()
      .trusts.map((trust) => trust.ods)
      .filter((ods) =>
        hasSitrepWards(
          kind,
          demoOrganisation().wards.filter((ward) => ward.trustOds === ods),
        ),
      );

  it('assembles every slot of the last day, signs the earlier ones and leaves the newest for the bed managers', async () => {
    const { store } = app.running.sitreps;
    const expected = 3 * trustsWith('adult').length + 2 * trustsWith('camhs').length;
    const rows = await eventually(async () => {
      const listed = await store.list({ limit: 1000 }, Date.now());
      return listed.length >= expected && listed.some((row) => row.signed_at !== null) ? listed : undefined;
    }, 60_000);
    // Any 24 hours hold each daily time once: 3 adult and 2 CAMHS slots, each for every trust with such wards.
    expect(rows).toHaveLength(expected);
    const slotOf = (row: (typeof rows)[number]) => `${row.slot_date} ${row.slot_time}`;
    const slotsOf = (kind: SitrepKind) => [...new Set(rows.filter((row) => row.kind === kind).map(slotOf))].sort();
    expect(slotsOf('adult')).toHaveLength(3);
    expect(slotsOf('camhs')).toHaveLength(2);
    for (const row of rows) expect(row.due_at.getTime()).toBeGreaterThan(startedAt - DAY_MS - 60_000);

    const isNewest = (row: (typeof rows)[number]) => slotOf(row) === slotsOf(row.kind).at(-1);
    for (const row of rows) {
      if (isNewest(row) && NENC.includes(row.trust_ods)) expect(row.signed_at, row.id).toBeNull();
      if (!isNewest(row)) {
        expect(row.signed_at, row.id).not.toBeNull();
        // Signed ten minutes after the due time, by name.
        expect(row.signed_at!.getTime() - row.due_at.getTime()).toBe(10 * 60_000);
        expect(row.signed_name).toBe(
          NENC.includes(row.trust_ods) ? 'Demo Bed Manager (NENC)' : `Duty bed manager, ${row.trust_ods} (demo)`,
        );
      }
    }
    // The overview shows both: some trusts' newest returns are signed, some are not.
    const newest = rows.filter(isNewest);
    expect(newest.some((row) => row.signed_at !== null)).toBe(true);
    expect(newest.some((row) => row.signed_at === null)).toBe(true);

    // An earlier return had Section 136 suites WardPulse did not hold then: entered before signing, with the reason.
    const edited = rows.find((row) => !isNewest(row) && row.edits > 0);
    expect(edited).toBeDefined();
    const history = await store.editHistory(edited!.id);
    expect(history.length).toBe(edited!.edits);
    expect(history.every((edit) => edit.before === null && edit.reason.includes('Not held by WardPulse at the time'))).toBe(true);
  });

  it('adds nothing on a second seeding of the same data', async () => {
    const { store } = app.running.sitreps;
    const before = await store.list({ limit: 1000 }, Date.now());
    const { seedDemoSitreps } = await import('@wardpulse/jobs');
    const result = await seedDemoSitreps({
      store,
      scheduler: app.running.sitreps.scheduler,
      org: () => {
        throw new Error('not reached: an install holding returns is left alone');
      },
      schedule: SCHEDULE,
      leaveUnsignedFor: NENC,
      signerOf: () => 'nobody',
    });
    expect(result).toEqual({ assembled: 0, signed: 0 });
    expect(await store.list({ limit: 1000 }, Date.now())).toHaveLength(before.length);
  });
});
