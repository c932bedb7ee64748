import { describe, expect, it } from 'vitest';
import { suiteDraft, suiteFieldResolver, suiteUpdateBody } from './suite-update-draft.js';

describe('suiteDraft', () => {
  it('starts from the suite’s current state, London times for an occupied one', () => {
    expect(suiteDraft(null)).toEqual({
      status: 'available',
      arrivedAt: '',
      detentionStartedAt: '',
      extensionHours: '',
      closedReason: '',
    });
    const occupied = suiteDraft({
      eventId: 'e',
      suiteId: 'RX4-136-1',
      observedAt: '2026-06-01T12:00:00Z',
      status: 'occupied',
      since: '2026-06-01T10:15:00Z',
      detentionStartedAt: '2026-06-01T07:40:00Z',
      extensionHours: 6,
    });
    // 10:15 UTC is 11:15 BST.
    expect(occupied).toEqual({
      status: 'occupied',
      arrivedAt: '2026-06-01T11:15',
      detentionStartedAt: '2026-06-01T08:40',
      extensionHours: '6',
      closedReason: '',
    });
    expect(
      suiteDraft({ eventId: 'e', suiteId: 's', observedAt: '2026-01-05T09:00:00Z', status: 'closed', closedReason: 'estates' })
        .closedReason,
    ).toBe('estates');
  });
});

describe('suiteUpdateBody', () => {
  const draft = suiteDraft(null);

  it('sends only the fields of the chosen state', () => {
    expect(suiteUpdateBody({ ...draft, closedReason: 'staffing' }, 'p')).toEqual({ ok: true, body: { status: 'available' } });
    expect(suiteUpdateBody({ ...draft, status: 'closed', closedReason: 'staffing' }, 'p')).toEqual({
      ok: true,
      body: { status: 'closed', closedReason: 'staffing' },
    });
    // No arrival time: the server records now.
    expect(suiteUpdateBody({ ...draft, status: 'occupied' }, 'p')).toEqual({ ok: true, body: { status: 'occupied' } });
    // 14:30 London in January is 14:30 UTC; in July, 13:30 UTC.
    expect(
      suiteUpdateBody(
        {
          ...draft,
          status: 'occupied',
          arrivedAt: '2026-07-01T14:30',
          detentionStartedAt: '2026-01-10T14:30',
          extensionHours: '12',
        },
        'p',
      ),
    ).toEqual({
      ok: true,
      body: {
        status: 'occupied',
        since: '2026-07-01T13:30:00.000Z',
        detentionStartedAt: '2026-01-10T14:30:00.000Z',
        extensionHours: 12,
      },
    });
  });

  it('asks for a reason and for readable times before sending', () => {
    const closed = suiteUpdateBody({ ...draft, status: 'closed' }, 'p');
    expect(closed.ok ? null : closed.errors.summary).toEqual([{ message: 'Choose why the suite is closed', href: '#p-reason' }]);
    const badTime = suiteUpdateBody({ ...draft, status: 'occupied', arrivedAt: 'yesterday' }, 'p');
    expect(badTime.ok ? null : badTime.errors.byField).toEqual({
      'p-arrived': 'Enter the arrival at this suite as a date and time',
    });
  });

  it('puts the server’s field paths beside the inputs', () => {
    const resolve = suiteFieldResolver('p');
    expect(resolve('since')?.id).toBe('p-arrived');
    expect(resolve('detentionStartedAt')?.id).toBe('p-detention');
    expect(resolve('closedReason')?.id).toBe('p-reason');
  });
});
