/**
 * Wall screens' display tokens with kiosk playlists, against real Redis and a real database: a
 * playlist's views widen what the token may read (and nothing more), the screen learns what to
 * show from GET /api/v1/display, admins tell screens to reload over Socket.IO (every replica, by
 * Redis pub/sub), and a revoked token's screen is told "revoked" instead of retrying for ever.
 */
import type { DisplayCommand } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRepository } from '../../server/src/auth/users.js';
import { connectLive, connected, subscribe, type LiveSocket } from '../support/live-client.js';
import { callAs, signIn, type SignedIn } from '../support/people.js';
import { engines, eventually, startTestApp, type TestApp } from '../support/test-app.js';

const PLAYLIST = {
  intervalSeconds: 30,
  views: [
    { kind: 'board', scope: 'trust:RX4' },
    { kind: 'bed-finder', scope: 'collaborative:nenc', wardType: 'picu' },
    { kind: 'alerts', scope: 'trust:RW4' },
  ],
};

describe('display tokens and kiosk playlists', () => {
  let app: TestApp;
  let admin: SignedIn;
  const sockets: LiveSocket[] = [];

  beforeAll(async () => {
    // PostgreSQL where reachable, so a second server replica can share it (PGlite has one owner).
    app = await startTestApp({ engine: engines().at(-1)! });
    await new UserRepository(app.running.database.db).create({
      email: 'screens@trust.example',
      name: 'Screens admin',
      password: 'screens admin password',
      grants: [{ role: 'admin', scope: { kind: 'all' } }],
    });
    admin = await signIn(app.url, 'screens@trust.example', 'screens admin password');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await app?.close();
  });

  const get = (path: string, token?: string) =>
    fetch(`${app.url}/api/v1${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const screen = async (token: string) => {
    const socket = connectLive(app.url, token);
    sockets.push(socket);
    await connected(socket);
    return socket;
  };

  it('creates a kiosk token whose playlist widens what it may read, and tells the screen what to show', async () => {
    const created = await callAs(app.url, admin, 'POST', '/admin/display-tokens', {
      name: 'Bed bureau kiosk',
      scope: 'trust:RX4',
      playlist: PLAYLIST,
    });
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(/\/kiosk\?token=wpd_/);
    expect(created.body.record.playlist).toEqual(PLAYLIST);
    const token = created.body.token as string;

    const display = await get('/display', token);
    expect(display.status).toBe(200);
    expect(await display.json()).toEqual({
      id: created.body.record.id,
      name: 'Bed bureau kiosk',
      scope: 'trust:RX4',
      playlist: PLAYLIST,
    });

    // Every scope its views name, and nothing else.
    expect((await get('/live?scope=collaborative:nenc', token)).status).toBe(200);
    expect((await get('/alerts?status=open&scope=trust:RW4', token)).status).toBe(200);
    expect((await get('/live?scope=trust:RV5', token)).status).toBe(403);
    const socket = await screen(token);
    expect((await subscribe(socket, 'collaborative:nenc')).ok).toBe(true);
    expect(await subscribe(socket, 'trust:RV5')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    expect((await get('/display')).status).toBe(401);
    expect((await callAs(app.url, admin, 'GET', '/display')).status).toBe(403);
  });

  it('names the view that is wrong', async () => {
    const bad = await callAs(app.url, admin, 'POST', '/admin/display-tokens', {
      name: 'Broken kiosk',
      scope: 'trust:RX4',
      playlist: { intervalSeconds: 5, views: [{ kind: 'alerts', scope: 'trust:ZZZ' }, { kind: 'wall' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: { path: string }) => detail.path)).toEqual(
      expect.arrayContaining(['playlist.intervalSeconds', 'playlist.views[1].kind']),
    );
    const unknown = await callAs(app.url, admin, 'POST', '/admin/display-tokens', {
      name: 'Unknown trust kiosk',
      scope: 'trust:RX4',
      playlist: { intervalSeconds: 60, views: [{ kind: 'alerts', scope: 'trust:ZZZ' }] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([
      { path: 'playlist.views[0].scope', message: 'must name a known region, collaborative or trust' },
    ]);
    // A region board is a wall screen too; a site or ward is not a board a token shows.
    const region = await callAs(app.url, admin, 'POST', '/admin/display-tokens', { name: 'Regional wall', scope: 'region:Y63' });
    expect(region.status).toBe(201);
    expect(new URL(region.body.url).pathname).toBe('/wall/region/Y63');
    const site = await callAs(app.url, admin, 'POST', '/admin/display-tokens', { name: 'Site wall', scope: 'site:RX4-S1' });
    expect(site.status).toBe(422);
  });

  it('reloads the screens it is asked to, on whichever replica they are connected to', async () => {
    // A second replica needs the shared PostgreSQL; with PGlite alone both screens use the one server.
    const replica = engines().includes('postgres') ? await startTestApp({ shareWith: app, role: 'server' }) : undefined;
    try {
      const tokens = await Promise.all(
        ['Ward 1 screen', 'Ward 2 screen'].map(
          async (name) => (await callAs(app.url, admin, 'POST', '/admin/display-tokens', { name, scope: 'trust:RX4' })).body,
        ),
      );
      const commands: DisplayCommand[][] = [[], []];
      for (const [index, created] of tokens.entries()) {
        const socket = connectLive(index === 0 || !replica ? app.url : replica.url, created.token);
        sockets.push(socket);
        await connected(socket);
        socket.on('display', (command) => commands[index]!.push(command));
      }
      const one = await callAs(app.url, admin, 'POST', '/admin/display-tokens/reload', { tokenIds: [tokens[1].record.id] });
      expect(one.status).toBe(202);
      expect(one.body.screens).toBe(1);
      await eventually(() => (commands[1]!.length === 1 ? true : undefined));
      expect(commands[0]).toEqual([]);

      const all = await callAs(app.url, admin, 'POST', '/admin/display-tokens/reload', {});
      expect(all.body.screens).toBeGreaterThanOrEqual(2);
      await eventually(() => (commands[0]!.length === 1 && commands[1]!.length === 2 ? true : undefined));
      expect(commands[0]).toEqual([{ kind: 'reload' }]);

      const unknown = await callAs(app.url, admin, 'POST', '/admin/display-tokens/reload', { tokenIds: ['dsp_nope'] });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.details[0].path).toBe('tokenIds[0]');
      const audit = (await callAs(app.url, admin, 'GET', '/admin/audit?action=displays-reloaded')).body as unknown[];
      expect(audit).toHaveLength(2);
    } finally {
      await replica?.close();
    }
  });

  it('tells a revoked screen it was revoked, and an unknown one that it is not signed in', async () => {
    const created = (await callAs(app.url, admin, 'POST', '/admin/display-tokens', { name: 'Old screen', scope: 'trust:RX4' }))
      .body;
    expect((await callAs(app.url, admin, 'DELETE', `/admin/display-tokens/${created.record.id}`)).status).toBe(204);
    const refusal = async (token: string) => {
      const socket = connectLive(app.url, token);
      sockets.push(socket);
      return new Promise<string>((resolve) => socket.once('connect_error', (error) => resolve(error.message)));
    };
    expect(await refusal(created.token)).toBe('revoked');
    expect(await refusal(`wpd_${'x'.repeat(43)}`)).toBe('unauthenticated');
  });
});
