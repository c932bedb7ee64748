/**
 * Organisations in PostgreSQL: regions, collaboratives, trusts, sites, wards, Section 136 suites and
 * alternatives to admission (crisis services).
 */
import type { Collaborative, CrisisService, OrgDirectory, S136Suite, Site, Trust, Ward, WardType } from '@wardpulse/shared';
import type { Database, Queryable } from './database.js';

/** A trust's population, year and source as query parameters (null where not given). */
function populationParams(trust: Trust): [number | null, number | null, string | null] {
  return [trust.population ?? null, trust.populationYear ?? null, trust.populationSource ?? null];
}

export class OrgRepository {
  constructor(private readonly db: Database) {}

  async loadDirectory(): Promise<OrgDirectory> {
    const [regions, collaboratives, members, trusts, sites, wards, suites, crisisServices] = await Promise.all([
      this.db.query<{ code: string; name: string }>('select code, name from region order by name'),
      this.db.query<{ id: string; name: string; kind: Collaborative['kind']; region_code: string | null }>(
        'select id, name, kind, region_code from collaborative order by name',
      ),
      this.db.query<{ collaborative_id: string; trust_ods: string; ward_types: WardType[] | null }>(
        'select collaborative_id, trust_ods, ward_types from collaborative_member order by trust_ods',
      ),
      this.db.query<{
        ods: string;
        name: string;
        icb_ods: string | null;
        region_code: string | null;
        population: number | null;
        population_year: number | null;
        population_source: string | null;
      }>('select ods, name, icb_ods, region_code, population, population_year, population_source from trust order by name'),
      this.db.query<{ id: string; trust_ods: string; name: string }>(
        'select id, trust_ods, name from site order by trust_ods, name',
      ),
      this.db.query<{
        id: string;
        trust_ods: string;
        site_id: string;
        name: string;
        type: Ward['type'];
        sex: Ward['sex'];
        commissioned_beds: number;
      }>('select id, trust_ods, site_id, name, type, sex, commissioned_beds from ward order by trust_ods, id'),
      this.db.query<{
        id: string;
        trust_ods: string;
        site_id: string;
        name: string;
        age_group: S136Suite['ageGroup'];
        commissioned: boolean;
      }>('select id, trust_ods, site_id, name, age_group, commissioned from s136_suite order by trust_ods, id'),
      this.db.query<{
        id: string;
        trust_ods: string;
        site_id: string;
        name: string;
        kind: CrisisService['kind'];
        age_group: CrisisService['ageGroup'];
        commissioned_capacity: number;
      }>(
        'select id, trust_ods, site_id, name, kind, age_group, commissioned_capacity from crisis_service order by trust_ods, id',
      ),
    ]);
    return {
      regions: regions.rows,
      collaboratives: collaboratives.rows.map((row) => {
        const own = members.rows.filter((member) => member.collaborative_id === row.id);
        return {
          id: row.id,
          name: row.name,
          kind: row.kind,
          ...(row.region_code ? { regionCode: row.region_code } : {}),
          trustOds: own.map((member) => member.trust_ods),
          serviceLines: Object.fromEntries(
            own.filter((member) => member.ward_types !== null).map((member) => [member.trust_ods, member.ward_types!]),
          ),
        };
      }),
      trusts: trusts.rows.map((row) => ({
        ods: row.ods,
        name: row.name,
        ...(row.icb_ods ? { icbOds: row.icb_ods } : {}),
        ...(row.region_code ? { regionCode: row.region_code } : {}),
        ...(row.population !== null ? { population: row.population } : {}),
        ...(row.population_year !== null ? { populationYear: row.population_year } : {}),
        ...(row.population_source !== null ? { populationSource: row.population_source } : {}),
      })),
      sites: sites.rows.map((row) => ({ id: row.id, trustOds: row.trust_ods, name: row.name })),
      wards: wards.rows.map((row) => ({
        id: row.id,
        trustOds: row.trust_ods,
        siteId: row.site_id,
        name: row.name,
        type: row.type,
        sex: row.sex,
        commissionedBeds: Number(row.commissioned_beds),
      })),
      s136Suites: suites.rows.map((row) => ({
        id: row.id,
        trustOds: row.trust_ods,
        siteId: row.site_id,
        name: row.name,
        ageGroup: row.age_group,
        commissioned: row.commissioned,
      })),
      crisisServices: crisisServices.rows.map((row) => ({
        id: row.id,
        trustOds: row.trust_ods,
        siteId: row.site_id,
        name: row.name,
        kind: row.kind,
        ageGroup: row.age_group,
        commissionedCapacity: Number(row.commissioned_capacity),
      })),
    };
  }

  async isEmpty(): Promise<boolean> {
    const result = await this.db.query('select 1 from trust limit 1');
    return result.rows.length === 0;
  }

  /**
   * Adds what is missing; existing rows are left as their owners edited them, but a trust with no
   * region yet gets the directory's (regions came after trusts: migration 18).
   */
  async addDirectory(directory: OrgDirectory): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const region of directory.regions) {
        await tx.query('insert into region (code, name) values ($1, $2) on conflict do nothing', [region.code, region.name]);
      }
      for (const trust of directory.trusts) {
        await tx.query(
          `insert into trust (ods, name, icb_ods, region_code, population, population_year, population_source)
           values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (ods) do update set
             region_code = coalesce(trust.region_code, excluded.region_code),
             population = coalesce(trust.population, excluded.population),
             population_year = coalesce(trust.population_year, excluded.population_year),
             population_source = coalesce(trust.population_source, excluded.population_source)`,
          [trust.ods, trust.name, trust.icbOds ?? null, trust.regionCode ?? null, ...populationParams(trust)],
        );
      }
      for (const collaborative of directory.collaboratives) {
        await tx.query('insert into collaborative (id, name, kind, region_code) values ($1, $2, $3, $4) on conflict do nothing', [
          collaborative.id,
          collaborative.name,
          collaborative.kind,
          collaborative.regionCode ?? null,
        ]);
        for (const ods of collaborative.trustOds) {
          await tx.query(
            `insert into collaborative_member (collaborative_id, trust_ods, ward_types) values ($1, $2, $3)
             on conflict do nothing`,
            [collaborative.id, ods, collaborative.serviceLines[ods] ?? null],
          );
        }
      }
      for (const site of directory.sites) {
        await tx.query('insert into site (id, trust_ods, name) values ($1, $2, $3) on conflict do nothing', [
          site.id,
          site.trustOds,
          site.name,
        ]);
      }
      for (const ward of directory.wards) {
        await tx.query(
          `insert into ward (id, trust_ods, site_id, name, type, sex, commissioned_beds)
           values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing`,
          [ward.id, ward.trustOds, ward.siteId, ward.name, ward.type, ward.sex, ward.commissionedBeds],
        );
      }
      for (const suite of directory.s136Suites) await insertS136Suite(tx, suite, 'on conflict do nothing');
      for (const service of directory.crisisServices) await insertCrisisService(tx, service, 'on conflict do nothing');
    });
  }

  /**
   * Writes an organisation import's added and changed entities in one transaction: each is
   * inserted or, where it exists, set to the file's values; a collaborative in the file gets the
   * file's membership. Nothing is deleted, and a ward's, suite's or site's trust never changes
   * (validateOrgImport refuses such a file; the updates here are guarded as well).
   */
  async applyOrgImport(changes: OrgDirectory): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const region of changes.regions) {
        await tx.query('insert into region (code, name) values ($1, $2) on conflict (code) do update set name = excluded.name', [
          region.code,
          region.name,
        ]);
      }
      for (const trust of changes.trusts) {
        await tx.query(
          `insert into trust (ods, name, icb_ods, region_code, population, population_year, population_source)
           values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (ods) do update set name = excluded.name, icb_ods = excluded.icb_ods, region_code = excluded.region_code,
             population = excluded.population, population_year = excluded.population_year,
             population_source = excluded.population_source`,
          [trust.ods, trust.name, trust.icbOds ?? null, trust.regionCode ?? null, ...populationParams(trust)],
        );
      }
      for (const collaborative of changes.collaboratives) {
        await tx.query(
          `insert into collaborative (id, name, kind, region_code) values ($1, $2, $3, $4)
           on conflict (id) do update set name = excluded.name, kind = excluded.kind, region_code = excluded.region_code`,
          [collaborative.id, collaborative.name, collaborative.kind, collaborative.regionCode ?? null],
        );
        await tx.query('delete from collaborative_member where collaborative_id = $1', [collaborative.id]);
        for (const ods of collaborative.trustOds) {
          await tx.query('insert into collaborative_member (collaborative_id, trust_ods, ward_types) values ($1, $2, $3)', [
            collaborative.id,
            ods,
            collaborative.serviceLines[ods] ?? null,
          ]);
        }
      }
      for (const site of changes.sites) {
        await tx.query(
          `insert into site (id, trust_ods, name) values ($1, $2, $3)
           on conflict (id) do update set name = excluded.name where site.trust_ods = excluded.trust_ods`,
          [site.id, site.trustOds, site.name],
        );
      }
      for (const ward of changes.wards) {
        await tx.query(
          `insert into ward (id, trust_ods, site_id, name, type, sex, commissioned_beds) values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (id) do update set site_id = excluded.site_id, name = excluded.name, type = excluded.type,
             sex = excluded.sex, commissioned_beds = excluded.commissioned_beds
           where ward.trust_ods = excluded.trust_ods`,
          [ward.id, ward.trustOds, ward.siteId, ward.name, ward.type, ward.sex, ward.commissionedBeds],
        );
      }
      for (const suite of changes.s136Suites) {
        await insertS136Suite(
          tx,
          suite,
          `on conflict (id) do update set site_id = excluded.site_id, name = excluded.name, age_group = excluded.age_group,
             commissioned = excluded.commissioned where s136_suite.trust_ods = excluded.trust_ods`,
        );
      }
      for (const service of changes.crisisServices) {
        await insertCrisisService(
          tx,
          service,
          `on conflict (id) do update set site_id = excluded.site_id, name = excluded.name, kind = excluded.kind,
             age_group = excluded.age_group, commissioned_capacity = excluded.commissioned_capacity
           where crisis_service.trust_ods = excluded.trust_ods`,
        );
      }
    });
  }

  async addS136Suite(suite: S136Suite): Promise<void> {
    await insertS136Suite(this.db, suite);
  }

  /** Changes a suite's name, site, age group or commissioning; its id and trust never change (facts refer to them). */
  async updateS136Suite(
    id: string,
    patch: Partial<Pick<S136Suite, 'name' | 'siteId' | 'ageGroup' | 'commissioned'>>,
  ): Promise<boolean> {
    return updateColumns(this.db, 's136_suite', id, patch, {
      name: 'name',
      siteId: 'site_id',
      ageGroup: 'age_group',
      commissioned: 'commissioned',
    });
  }

  /**
   * Adds these suites (where their sites still exist) when the organisation has none at all;
   * returns how many were added.
   */
  async addS136SuitesIfNone(suites: readonly S136Suite[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      if ((await tx.query('select 1 from s136_suite limit 1')).rows.length > 0) return 0;
      let added = 0;
      for (const suite of suites) {
        const inserted = await tx.query(
          `insert into s136_suite (id, trust_ods, site_id, name, age_group, commissioned)
           select $1, $2, $3, $4, $5, $6 where exists (select 1 from site where id = $3 and trust_ods = $2)
           on conflict do nothing returning id`,
          [suite.id, suite.trustOds, suite.siteId, suite.name, suite.ageGroup, suite.commissioned],
        );
        added += inserted.rows.length;
      }
      return added;
    });
  }

  /**
   * Adds these alternatives to admission (where their sites still exist) when the organisation has
   * none at all, as for suites; returns how many were added.
   */
  async addCrisisServicesIfNone(services: readonly CrisisService[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      if ((await tx.query('select 1 from crisis_service limit 1')).rows.length > 0) return 0;
      let added = 0;
      for (const service of services) {
        const onSite = (await tx.query('select 1 from site where id = $1 and trust_ods = $2', [service.siteId, service.trustOds]))
          .rows.length;
        if (onSite === 0) continue;
        await insertCrisisService(tx, service, 'on conflict do nothing');
        added++;
      }
      return added;
    });
  }

  /** Removes a suite from the organisation; its logged states stay in the event log. */
  async removeS136Suite(id: string): Promise<boolean> {
    return (await this.db.query('delete from s136_suite where id = $1 returning id', [id])).rows.length > 0;
  }

  async addSite(site: Site): Promise<void> {
    await this.db.query('insert into site (id, trust_ods, name) values ($1, $2, $3)', [site.id, site.trustOds, site.name]);
  }

  async renameSite(id: string, name: string): Promise<boolean> {
    return (await this.db.query('update site set name = $2 where id = $1 returning id', [id, name])).rows.length > 0;
  }

  async addWard(ward: Ward): Promise<void> {
    await this.db.query(
      `insert into ward (id, trust_ods, site_id, name, type, sex, commissioned_beds) values ($1, $2, $3, $4, $5, $6, $7)`,
      [ward.id, ward.trustOds, ward.siteId, ward.name, ward.type, ward.sex, ward.commissionedBeds],
    );
  }

  /** Changes a ward's name, type, sex, site or commissioned beds; its id and trust never change. */
  async updateWard(
    id: string,
    patch: Partial<Pick<Ward, 'name' | 'type' | 'sex' | 'siteId' | 'commissionedBeds'>>,
  ): Promise<boolean> {
    return updateColumns(this.db, 'ward', id, patch, {
      name: 'name',
      type: 'type',
      sex: 'sex',
      siteId: 'site_id',
      commissionedBeds: 'commissioned_beds',
    });
  }

  async addTrust(trust: {
    ods: string;
    name: string;
    icbOds?: string | undefined;
    collaboratives: readonly string[];
  }): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('insert into trust (ods, name, icb_ods) values ($1, $2, $3)', [trust.ods, trust.name, trust.icbOds ?? null]);
      for (const id of trust.collaboratives) {
        await tx.query('insert into collaborative_member (collaborative_id, trust_ods) values ($1, $2)', [id, trust.ods]);
      }
    });
  }

  /** Renames a trust and/or replaces its collaborative memberships. */
  async updateTrust(
    ods: string,
    patch: { name?: string; icbOds?: string | undefined; collaboratives?: readonly string[] },
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (patch.name !== undefined) await tx.query('update trust set name = $2 where ods = $1', [ods, patch.name]);
      if (patch.icbOds !== undefined) await tx.query('update trust set icb_ods = $2 where ods = $1', [ods, patch.icbOds]);
      if (patch.collaboratives !== undefined) {
        await tx.query('delete from collaborative_member where trust_ods = $1', [ods]);
        for (const id of patch.collaboratives) {
          await tx.query('insert into collaborative_member (collaborative_id, trust_ods) values ($1, $2)', [id, ods]);
        }
      }
    });
  }
}

async function insertS136Suite(db: Queryable, suite: S136Suite, onConflict = ''): Promise<void> {
  await db.query(
    `insert into s136_suite (id, trust_ods, site_id, name, age_group, commissioned) values ($1, $2, $3, $4, $5, $6) ${onConflict}`,
    [suite.id, suite.trustOds, suite.siteId, suite.name, suite.ageGroup, suite.commissioned],
  );
}

async function insertCrisisService(db: Queryable, service: CrisisService, onConflict = ''): Promise<void> {
  await db.query(
    `insert into crisis_service (id, trust_ods, site_id, name, kind, age_group, commissioned_capacity)
     values ($1, $2, $3, $4, $5, $6, $7) ${onConflict}`,
    [service.id, service.trustOds, service.siteId, service.name, service.kind, service.ageGroup, service.commissionedCapacity],
  );
}

/**
 * Sets the given fields of one row (by id), each to its column; fields left undefined keep their
 * value. Whether the row exists. Table and column names come from this module only, never a request.
 */
async function updateColumns<Patch extends object>(
  db: Queryable,
  table: 'ward' | 's136_suite',
  id: string,
  patch: Patch,
  columns: { [Field in keyof Patch]-?: string },
): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [field, column] of Object.entries(columns) as [keyof Patch, string][]) {
    if (patch[field] === undefined) continue;
    params.push(patch[field]);
    sets.push(`${column} = $${params.length}`);
  }
  if (sets.length === 0) return (await db.query(`select 1 from ${table} where id = $1`, [id])).rows.length > 0;
  return (await db.query(`update ${table} set ${sets.join(', ')} where id = $1 returning id`, params)).rows.length > 0;
}
