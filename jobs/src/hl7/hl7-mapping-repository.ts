/** Location → ward mappings of HL7 feeds and the locations feeds sent that no mapping covers (admin API). */
import { randomBytes } from 'node:crypto';
import type { CreateHl7MappingRequest, Hl7LocationMapping, Hl7UnmappedLocation } from '@wardpulse/shared';
import type { Database } from '../storage/database.js';

/** Thrown when the same location of a feed is mapped twice. */
export class Hl7MappingConflict extends Error {}

const iso = (value: string | Date) => new Date(value).toISOString();

export class Hl7MappingRepository {
  constructor(private readonly db: Database) {}

  async mappings(feedIds: readonly string[]): Promise<Hl7LocationMapping[]> {
    if (feedIds.length === 0) return [];
    const result = await this.db.query<{
      id: string;
      feed_id: string;
      point_of_care: string;
      room: string;
      bed: string;
      ward_id: string;
      created_at: string | Date;
    }>(
      `select id, feed_id, point_of_care, room, bed, ward_id, created_at from hl7_location_mapping
       where feed_id = any($1::text[]) order by feed_id, point_of_care, room, bed`,
      [[...feedIds]],
    );
    return result.rows.map((row) => ({
      id: row.id,
      feedId: row.feed_id,
      pointOfCare: row.point_of_care,
      room: row.room || null,
      bed: row.bed || null,
      wardId: row.ward_id,
      createdAt: iso(row.created_at),
    }));
  }

  async mapping(id: string): Promise<Hl7LocationMapping | undefined> {
    const result = await this.db.query<{ feed_id: string }>('select feed_id from hl7_location_mapping where id = $1', [id]);
    const feedId = result.rows[0]?.feed_id;
    return feedId ? (await this.mappings([feedId])).find((mapping) => mapping.id === id) : undefined;
  }

  async create(feedId: string, request: CreateHl7MappingRequest): Promise<Hl7LocationMapping> {
    const id = `hl7map_${randomBytes(8).toString('hex')}`;
    const inserted = await this.db.query<{ id: string }>(
      `insert into hl7_location_mapping (id, feed_id, point_of_care, room, bed, ward_id) values ($1, $2, $3, $4, $5, $6)
       on conflict (feed_id, point_of_care, room, bed) do nothing returning id`,
      [id, feedId, request.pointOfCare, request.room ?? '', request.bed ?? '', request.wardId],
    );
    if (inserted.rows.length === 0) throw new Hl7MappingConflict('this location of the feed is already mapped');
    return (await this.mapping(id))!;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.query<{ id: string }>('delete from hl7_location_mapping where id = $1 returning id', [id]);
    return result.rows.length > 0;
  }

  async unmapped(feedIds: readonly string[]): Promise<Hl7UnmappedLocation[]> {
    if (feedIds.length === 0) return [];
    const result = await this.db.query<{
      feed_id: string;
      point_of_care: string;
      room: string;
      messages: number;
      first_seen_at: string | Date;
      last_seen_at: string | Date;
      visits_now: number;
    }>(
      `select u.feed_id, u.point_of_care, u.room, u.messages, u.first_seen_at, u.last_seen_at,
         (select count(*)::int from hl7_visit v
          where v.feed_id = u.feed_id and v.admitted and v.ward_id is null and v.point_of_care = u.point_of_care
            and (u.room = '' or v.room = u.room)) as visits_now
       from hl7_unmapped_location u where u.feed_id = any($1::text[])
       order by u.last_seen_at desc, u.point_of_care, u.room`,
      [[...feedIds]],
    );
    return result.rows.map((row) => ({
      feedId: row.feed_id,
      pointOfCare: row.point_of_care,
      room: row.room || null,
      visitsNow: row.visits_now,
      messages: row.messages,
      firstSeenAt: iso(row.first_seen_at),
      lastSeenAt: iso(row.last_seen_at),
    }));
  }
}
