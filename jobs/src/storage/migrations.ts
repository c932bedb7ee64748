/**
 * Schema migrations, applied in order at start-up. Each runs once, in its own transaction,
 * recorded in `schema_migrations`. Never edit a released migration: add the next one.
 */
import type { Database } from './database.js';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'organisations',
    sql: `
      create table collaborative (
        id text primary key,
        name text not null
      );
      create table trust (
        ods text primary key,
        name text not null
      );
      create table collaborative_member (
        collaborative_id text not null references collaborative(id) on delete cascade,
        trust_ods text not null references trust(ods) on delete cascade,
        primary key (collaborative_id, trust_ods)
      );
      create table site (
        id text primary key,
        trust_ods text not null references trust(ods) on delete cascade,
        name text not null
      );
      create table ward (
        id text primary key,
        trust_ods text not null references trust(ods) on delete cascade,
        site_id text not null references site(id) on delete cascade,
        name text not null,
        type text not null,
        sex text not null check (sex in ('male', 'female', 'mixed')),
        commissioned_beds integer not null check (commissioned_beds >= 0)
      );
      create index ward_trust on ward (trust_ods);
    `,
  },
  {
    id: 2,
    name: 'event log',
    sql: `
      -- Every accepted fact, before it is applied: the system of record that can rebuild Redis.
      create table event_log (
        event_id text primary key,
        kind text not null,
        trust_ods text not null,
        ward_id text,
        observed_at timestamptz not null,
        payload jsonb not null,
        source text not null,
        received_at timestamptz not null default now(),
        applied_at timestamptz,
        outcome text
      );
      -- The outbox sweep looks only for events not yet applied.
      create index event_log_unapplied on event_log (received_at) where applied_at is null;
      create index event_log_ward_time on event_log (ward_id, observed_at);
    `,
  },
  {
    id: 3,
    name: 'api keys',
    sql: `
      create table api_key (
        id text primary key,
        name text not null,
        -- SHA-256 of the whole key: keys are 256-bit random, so a slow hash adds nothing.
        key_hash text not null unique,
        key_prefix text not null,
        trusts text[] not null,
        can text[] not null,
        created_at timestamptz not null default now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
    `,
  },
  {
    id: 4,
    name: 'measures',
    sql: `
      -- A placement starts once and ends once: a second start or end of the same placement is
      -- refused even when two servers accept them at the same moment.
      create unique index event_log_placement_lifecycle on event_log (trust_ods, (payload ->> 'placementId'), (payload ->> 'event'))
        where kind = 'placement' and payload ->> 'event' in ('started', 'ended');
      -- Looking up a placement's earlier events when a new one arrives.
      create index event_log_placement on event_log (trust_ods, (payload ->> 'placementId')) where kind = 'placement';
    `,
  },
  {
    id: 5,
    name: 'people and access',
    sql: `
      create table app_user (
        id text primary key,
        email text not null unique,
        name text not null,
        -- argon2id; null for people who sign in only through OpenID Connect.
        password_hash text,
        oidc_issuer text,
        oidc_subject text,
        created_at timestamptz not null default now(),
        disabled_at timestamptz,
        last_sign_in_at timestamptz,
        unique (oidc_issuer, oidc_subject)
      );
      -- A role over a part of the organisation: everything, one collaborative or one trust.
      create table access_grant (
        id text primary key,
        user_id text not null references app_user(id) on delete cascade,
        role text not null check (role in ('admin', 'executive', 'bed-manager', 'on-call', 'viewer')),
        scope_kind text not null check (scope_kind in ('all', 'collaborative', 'trust')),
        scope_id text not null default '',
        created_at timestamptz not null default now(),
        unique (user_id, role, scope_kind, scope_id)
      );
      create table display_token (
        id text primary key,
        name text not null,
        token_hash text not null unique,
        token_prefix text not null,
        scope text not null,
        created_at timestamptz not null default now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      alter table api_key add column rotated_from text;
      -- Who did what, when, from where. Append-only: updates and deletes are refused.
      create table audit_log (
        id bigserial primary key,
        at timestamptz not null default now(),
        actor text not null,
        action text not null,
        target text,
        detail jsonb not null default '{}',
        ip text
      );
      create index audit_log_at on audit_log (at desc);
      create index audit_log_action on audit_log (action, at desc);
      create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only';
      end;
      $$;
      create trigger audit_log_no_change before update or delete on audit_log
        for each row execute function audit_log_append_only();
    `,
  },
  {
    id: 6,
    name: 'history',
    sql: `
      -- Roll-ups of every metric per scope and period, maintained by jobs from the event log (and
      -- rebuildable from it). value is null when no ward or trust of the scope reported.
      create table trend_point (
        metric text not null,
        scope text not null,
        grain text not null check (grain in ('hour', 'day', 'month')),
        period_start timestamptz not null,
        value double precision,
        -- For census metrics: the period's mean and peak beside its end-of-period census.
        mean double precision,
        peak double precision,
        computed_at timestamptz not null default now(),
        primary key (metric, scope, grain, period_start)
      );
      -- "Pending" periods whose roll-ups must be (re)computed: facts arrived for them.
      create table trend_dirty (
        scope_trust text not null,
        grain text not null,
        period_start timestamptz not null,
        primary key (scope_trust, grain, period_start)
      );
      create index event_log_trust_kind_time on event_log (trust_ods, kind, observed_at);
    `,
  },
  {
    id: 7,
    name: 'published measures',
    sql: `
      -- Published statistics (e.g. MHSDS) imported from files: national, ICB and provider rows.
      create table published_measure (
        source text not null,
        period_start date not null,
        period_end date not null,
        status text not null,
        breakdown text not null,
        primary_level text not null,
        primary_description text not null,
        secondary_level text not null,
        secondary_description text not null,
        measure_id text not null,
        measure_name text not null,
        -- Null when suppressed ('*' in the file): suppressed is not zero.
        value double precision,
        suppressed boolean not null,
        file_name text not null,
        imported_at timestamptz not null default now(),
        primary key (source, period_start, period_end, breakdown, primary_level, secondary_level, measure_id)
      );
      create index published_measure_lookup on published_measure (measure_id, breakdown, primary_level, period_end);
      create table import_run (
        id bigserial primary key,
        file_name text not null,
        file_sha256 text not null,
        kind text not null,
        started_at timestamptz not null default now(),
        finished_at timestamptz,
        rows_read integer not null default 0,
        rows_imported integer not null default 0,
        rows_unchanged integer not null default 0,
        rows_rejected integer not null default 0,
        rejected jsonb not null default '[]'
      );
    `,
  },
  {
    id: 8,
    name: 'trust icb',
    sql: `
      -- The integrated care board a trust mainly serves: published ICB figures are drawn beside it.
      alter table trust add column icb_ods text;
      update trust set icb_ods = known.icb from (values
        ('RW4', 'QYG'), ('RV5', 'QKK'), ('RPG', 'QKK'), ('RQY', 'QWE'), ('RX3', 'QHM'), ('RX4', 'QHM'),
        ('RXY', 'QKS'), ('R1L', 'QH8'), ('RWX', 'QU9'), ('TAD', 'QWO'), ('RW5', 'QE1')
      ) as known(ods, icb) where trust.ods = known.ods and trust.icb_ods is null;
    `,
  },
  {
    id: 9,
    name: 'alerting and on-call',
    sql: `
      create table alert_rule (
        id text primary key,
        name text not null,
        scope text not null,
        condition jsonb not null,
        severity text not null check (severity in ('info', 'warning', 'critical')),
        pending_for_seconds integer not null,
        keep_firing_for_seconds integer not null,
        labels jsonb not null default '{}',
        description text not null default '',
        enabled boolean not null default true,
        created_by text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        deleted_at timestamptz
      );
      create index alert_rule_scope on alert_rule (scope) where deleted_at is null;
      -- The lifecycle of each rule at its scope: one row, locked while a worker evaluates it,
      -- so however many workers evaluate, transitions happen once.
      create table alert_evaluation (
        rule_id text primary key references alert_rule(id) on delete cascade,
        state text not null,
        since timestamptz not null,
        firing_since timestamptz,
        value double precision,
        evaluated_at timestamptz not null,
        error text,
        open_alert_id bigint
      );
      -- One firing episode of a rule: opens when it fires, closes when it resolves.
      create table alert (
        id bigserial primary key,
        rule_id text not null references alert_rule(id) on delete cascade,
        scope text not null,
        severity text not null,
        status text not null check (status in ('firing', 'recovering', 'resolved')),
        value double precision,
        fired_at timestamptz not null,
        resolved_at timestamptz,
        resolved_by text,
        acknowledged_by text,
        acknowledged_at timestamptz,
        acknowledge_note text,
        silenced_by text,
        silenced_at timestamptz,
        silenced_until timestamptz,
        silenced_until_recovered boolean not null default false,
        -- Escalation steps notified so far (compare-and-set: each step is taken by one worker).
        escalation_steps_done integer not null default 0,
        updated_at timestamptz not null default now()
      );
      -- The guarantee behind deduplication: at most one open alert per rule (and so per rule and scope).
      create unique index alert_one_open_per_rule on alert (rule_id) where resolved_at is null;
      create index alert_recent on alert (fired_at desc);
      create table alert_event (
        id bigserial primary key,
        alert_id bigint not null references alert(id) on delete cascade,
        at timestamptz not null default now(),
        kind text not null,
        actor text not null,
        detail jsonb not null default '{}'
      );
      create index alert_event_alert on alert_event (alert_id, id);
      create table contact_point (
        id text primary key,
        user_id text not null references app_user(id) on delete cascade,
        kind text not null,
        label text not null,
        severities text[] not null,
        settings jsonb not null,
        enabled boolean not null default true,
        created_at timestamptz not null default now(),
        last_delivered_at timestamptz,
        last_error text
      );
      create index contact_point_user on contact_point (user_id);
      create table notification (
        id bigserial primary key,
        -- Null for a test notification.
        alert_id bigint references alert(id) on delete cascade,
        purpose text not null,
        user_id text not null references app_user(id) on delete cascade,
        contact_point_id text not null references contact_point(id) on delete cascade,
        escalation_level integer,
        step integer,
        -- Deduplication: a purpose/step is sent to a contact point once, whichever worker gets there.
        dedup_key text not null unique,
        status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
        attempts integer not null default 0,
        last_error text,
        queued_at timestamptz not null default now(),
        sent_at timestamptz
      );
      create index notification_alert on notification (alert_id);
      create table maintenance_window (
        id text primary key,
        scope text not null,
        starts_at timestamptz not null,
        ends_at timestamptz not null check (ends_at > starts_at),
        reason text not null,
        created_by text not null,
        created_at timestamptz not null default now()
      );
      create table on_call_rota (
        id text primary key,
        name text not null,
        scope text not null,
        level integer not null,
        handover jsonb not null,
        starts_on date not null,
        members jsonb not null,
        overrides jsonb not null default '[]',
        updated_at timestamptz not null default now()
      );
      create index on_call_rota_scope on on_call_rota (scope);
      create table escalation_policy (
        scope text primary key,
        wait_minutes integer not null,
        repeats integer not null
      );
      -- Small generated settings shared by every process (the web push VAPID key pair).
      create table app_setting (
        name text primary key,
        value text not null
      );
    `,
  },
  {
    id: 10,
    name: 'display playlists',
    sql: `
      -- Views a kiosk rotates through (boards, bed finder, alerts); null shows the home board only.
      alter table display_token add column playlist jsonb;
    `,
  },
  {
    id: 11,
    name: 'hl7 movements',
    sql: `
      -- Which ward a feed's PV1-3 location is: a point of care, or one room ('' = all), or one bed.
      create table hl7_location_mapping (
        id text primary key,
        feed_id text not null,
        point_of_care text not null,
        room text not null default '',
        bed text not null default '',
        ward_id text not null references ward(id) on delete cascade,
        created_at timestamptz not null default now(),
        unique (feed_id, point_of_care, room, bed)
      );
      -- Each visit's state derived from its movements (the event log keeps the movements). The
      -- key is an HMAC of the visit number with the feed's secret: never the number itself.
      create table hl7_visit (
        feed_id text not null,
        visit_key text not null,
        admitted boolean not null default false,
        on_leave boolean not null default false,
        point_of_care text,
        room text,
        bed text,
        ward_id text,
        last_event_at timestamptz,
        updated_at timestamptz not null default now(),
        primary key (feed_id, visit_key)
      );
      create index hl7_visit_ward on hl7_visit (ward_id) where admitted;
      create index hl7_visit_unmapped on hl7_visit (feed_id, point_of_care) where admitted and ward_id is null;
      -- One row per ward fed by HL7: locked while its census is computed, so censuses of a ward are
      -- published one at a time, each later than the last.
      create table hl7_ward_census (
        ward_id text primary key,
        version integer not null default 0,
        observed_at timestamptz
      );
      create table hl7_unmapped_location (
        feed_id text not null,
        point_of_care text not null,
        room text not null default '',
        messages integer not null default 0,
        first_seen_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        primary key (feed_id, point_of_care, room)
      );
      -- A visit's movements, found by containment of its key.
      create index event_log_hl7_visit on event_log using gin (payload jsonb_path_ops) where kind = 'hl7Movement';
    `,
  },
  {
    // Ids 12, 14 and 15 belong to work landing beside this one; ids need not be applied in order.
    id: 13,
    name: 'section 136 suites',
    sql: `
      -- Health-based places of safety (MHA 1983 s136), part of the organisation like wards. Their
      -- live states are facts in the event log (kind s136SuiteState), applied to Redis.
      create table s136_suite (
        id text primary key,
        trust_ods text not null references trust(ods) on delete cascade,
        site_id text not null references site(id) on delete cascade,
        name text not null,
        age_group text not null check (age_group in ('adult', 'cyp')),
        commissioned boolean not null default true
      );
      create index s136_suite_trust on s136_suite (trust_ods);
    `,
  },
  {
    id: 15,
    name: 'sitrep returns',
    sql: `
      -- One return per trust, kind and due time (the id names all three), assembled from live data.
      -- Signed returns are frozen and kept: the trigger below refuses to change or delete them.
      create table sitrep_return (
        id text primary key,
        trust_ods text not null references trust(ods),
        kind text not null check (kind in ('adult', 'camhs')),
        slot_date date not null,
        slot_time text not null,
        due_at timestamptz not null,
        assembled_at timestamptz not null,
        -- As assembled, and as they stand after edits: { field: integer | null }.
        assembled jsonb not null,
        figures jsonb not null,
        sources jsonb not null,
        wards jsonb not null,
        wards_not_reporting jsonb not null,
        edits integer not null default 0,
        signed_name text,
        signed_by text,
        signed_at timestamptz,
        unique (trust_ods, kind, slot_date, slot_time),
        check ((signed_at is null) = (signed_name is null) and (signed_at is null) = (signed_by is null))
      );
      create index sitrep_return_due on sitrep_return (due_at desc);
      create index sitrep_return_unsigned on sitrep_return (trust_ods, due_at) where signed_at is null;
      create function sitrep_return_frozen() returns trigger language plpgsql as $$
      begin
        if old.signed_at is not null then
          raise exception 'sitrep return % is signed: it is frozen and kept', old.id;
        end if;
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end;
      $$;
      create trigger sitrep_return_no_change_once_signed before update or delete on sitrep_return
        for each row execute function sitrep_return_frozen();
      -- Every hand edit of a figure, with who made it and why. Append-only, and none once signed.
      create table sitrep_edit (
        id bigserial primary key,
        return_id text not null references sitrep_return(id),
        field text not null,
        before_value integer,
        after_value integer,
        reason text not null,
        actor text not null,
        actor_name text not null,
        at timestamptz not null default now()
      );
      create index sitrep_edit_return on sitrep_edit (return_id, id);
      create function sitrep_edit_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then
          raise exception 'sitrep_edit is append-only';
        end if;
        if exists (select 1 from sitrep_return where id = new.return_id and signed_at is not null) then
          raise exception 'sitrep return % is signed: it is frozen and kept', new.return_id;
        end if;
        return new;
      end;
      $$;
      create trigger sitrep_edit_checked before insert or update or delete on sitrep_edit
        for each row execute function sitrep_edit_append_only();
      -- How far the schedule has assembled returns: slots due after the cursor are still to do.
      create table sitrep_schedule (
        name text primary key,
        cursor_at timestamptz not null
      );
    `,
  },
  {
    id: 16,
    name: 'event ids per trust',
    sql: `
      -- Event ids are chosen by each trust's sources, so they are unique per trust and kind of
      -- fact, not system-wide: another trust's id must neither shadow a fact nor reveal that it was
      -- used. Every row already names its trust (trust_ods, not null since migration 2), so
      -- nothing needs backfilling, and rows unique by event id alone are unique by the three.
      alter table event_log drop constraint event_log_pkey;
      alter table event_log add primary key (trust_ods, kind, event_id);
    `,
  },
  {
    id: 17,
    name: 'kh03 periods',
    sql: `
      -- Weeks and quarters join hours, days and months (a quarter is KH03's period).
      alter table trend_point drop constraint trend_point_grain_check;
      alter table trend_point add constraint trend_point_grain_check
        check (grain in ('hour', 'day', 'week', 'month', 'quarter'));
      -- Bed measures are kept per KH03 sector too (learning disability & autism wards apart);
      -- every existing row is the whole scope's.
      alter table trend_point add column sector text not null default 'all'
        check (sector in ('all', 'mental-illness', 'learning-disabilities'));
      alter table trend_point drop constraint trend_point_pkey;
      alter table trend_point add primary key (metric, scope, sector, grain, period_start);
      -- A daily census keeps its parts (occupied and available bed days; a count and its days), and
      -- those of its mean over the day, so that weeks, months and quarters add their days up.
      alter table trend_point add column value_num double precision;
      alter table trend_point add column value_den double precision;
      alter table trend_point add column mean_num double precision;
      alter table trend_point add column mean_den double precision;
      -- Rebuilds the workers owe: existing roll-ups took bed figures at the period's end, carried a
      -- silent ward's last figures forward and wrote no mean or peak. The history-rollup job re-rolls
      -- everything once (HistoryRollups.runRequestedRebuild); a fresh database has nothing to re-roll.
      create table history_rebuild (
        id serial primary key,
        reason text not null,
        requested_at timestamptz not null default now(),
        claimed_at timestamptz,
        done_at timestamptz
      );
      insert into history_rebuild (reason)
        select 'KH03 periods: averages of daily censuses, not-reporting wards left out, daily mean and peak (#15)'
        where exists (select 1 from trend_point);
    `,
  },
  {
    id: 18,
    name: 'regions and service lines',
    sql: `
      -- NHS England's seven regions sit above collaboratives (domain.md); each trust belongs to one.
      -- Region codes are ODS codes (Y56–Y63); the seven are known, an organisation import may add none.
      create table region (
        code text primary key,
        name text not null
      );
      insert into region (code, name) values
        ('Y56', 'London'), ('Y58', 'South West'), ('Y59', 'South East'), ('Y60', 'Midlands'),
        ('Y61', 'East of England'), ('Y62', 'North West'), ('Y63', 'North East and Yorkshire');
      alter table trust add column region_code text references region(code);
      alter table collaborative add column region_code text references region(code);
      -- A specialised provider collaborative covers one service line across its members; its
      -- membership names the ward types it covers (null: the member's every ward, place-based).
      alter table collaborative add column kind text not null default 'place-based'
        check (kind in ('place-based', 'specialised'));
      alter table collaborative_member add column ward_types text[];
      -- A grant may cover a region (its trusts, whole).
      alter table access_grant drop constraint access_grant_scope_kind_check;
      alter table access_grant add constraint access_grant_scope_kind_check
        check (scope_kind in ('all', 'region', 'collaborative', 'trust'));
    `,
  },
  {
    id: 19,
    name: 'waiting more than 52 weeks',
    sql: `
      -- The published MRS counts are "more than 52 weeks": a wait of exactly 52 weeks is no longer
      -- counted, and the metric is named for what it counts. Stored points keep their history under
      -- the new name, and a rebuild recomputes them (and the new waiting-time standard shares:
      -- Talking Therapies 18 weeks, CYPMHS four weeks, CYP eating disorders) from the event log.
      update trend_point set metric = 'waitingMoreThan52Weeks' where metric = 'waiting52WeeksPlus';
      insert into history_rebuild (reason)
        select 'Waiting lists: more than 52 weeks (exactly 52 excluded), standard shares trended (#15)'
        where exists (select 1 from trend_point);
    `,
  },
  {
    id: 20,
    name: 'stays',
    sql: `
      -- Anonymous stays (#17 item 2): the latest fact about each stay a trust's sources sent, named
      -- by the source's opaque key, never a person. Length of stay and admissions and discharges
      -- per day are computed from these rows; the facts themselves stay in the event log.
      create table inpatient_stay (
        trust_ods text not null references trust(ods),
        stay_ref text not null,
        ward_id text not null,
        admitted_at timestamptz not null,
        discharged_at timestamptz,
        recorded_at timestamptz not null,
        event_id text not null,
        primary key (trust_ods, stay_ref)
      );
      create index inpatient_stay_open on inpatient_stay (ward_id) where discharged_at is null;
      create index inpatient_stay_discharged on inpatient_stay (ward_id, discharged_at);
    `,
  },
  {
    id: 21,
    name: 'trust population',
    sql: `
      -- Referrals per 100,000 population (#17 item 3a) divide by the catchment population a trust
      -- serves; the estimate's year and source are kept beside it so a board can say which it is.
      alter table trust add column population integer check (population > 0);
      alter table trust add column population_year integer;
      alter table trust add column population_source text;
    `,
  },
  {
    id: 22,
    name: 'alternatives to admission',
    sql: `
      -- Crisis houses, crisis day services and home treatment teams (#17 item 3), part of the
      -- organisation like s136 suites. Their capacity reports are facts in the event log (kind
      -- crisisCapacity), applied to Redis; this table holds only what the service is.
      create table crisis_service (
        id text primary key,
        trust_ods text not null references trust(ods) on delete cascade,
        site_id text not null references site(id) on delete cascade,
        name text not null,
        kind text not null check (kind in ('crisis-house', 'crisis-day-service', 'home-treatment-team')),
        age_group text not null check (age_group in ('adult', 'older-adult', 'cyp')),
        commissioned_capacity integer not null check (commissioned_capacity >= 0)
      );
      create index crisis_service_trust on crisis_service (trust_ods);
    `,
  },
];

/** Lock id shared by every WardPulse process migrating one PostgreSQL database. */
const MIGRATION_LOCK = 7400001;

/** Applies `migrations` not yet applied (all of them but in tests of an upgrade from an older schema). */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of migrations) {
    // One transaction per migration; several processes may start at once against one
    // PostgreSQL, so one migrates while the others wait on the lock and then skip.
    await db.transaction(async (tx) => {
      if (db.engine === 'postgres') await tx.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await tx.exec(`create table if not exists schema_migrations (
        id integer primary key, name text not null, applied_at timestamptz not null default now())`);
      const done = await tx.query('select 1 from schema_migrations where id = $1', [migration.id]);
      if (done.rows.length > 0) return;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (id, name) values ($1, $2)', [migration.id, migration.name]);
      applied.push(migration.id);
    });
  }
  return applied;
}
