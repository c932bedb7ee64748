import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiErrorBodySchema, formatPath, zodIssuesToDetails } from './errors.js';

describe('formatPath', () => {
  it("writes a path in the request body's own terms: ['events', 3, 'occupied'] → events[3].occupied", () => {
    expect(formatPath(['events', 3, 'occupied'])).toBe('events[3].occupied');
  });

  it('names the whole body when the path is empty', () => {
    expect(formatPath([])).toBe('(body)');
  });

  it('writes plain keys with dots and indexes with brackets', () => {
    expect(formatPath(['occupied'])).toBe('occupied');
    expect(formatPath(['a', 'b', 'c'])).toBe('a.b.c');
    expect(formatPath(['events', 0])).toBe('events[0]');
    expect(formatPath([2, 'wardId'])).toBe('[2].wardId');
    expect(formatPath(['grid', 1, 2])).toBe('grid[1][2]');
  });
});

describe('zodIssuesToDetails', () => {
  const schema = z.strictObject({
    events: z.array(z.strictObject({ wardId: z.string(), occupied: z.int() })),
  });

  it('turns each issue into a path and a message', () => {
    const result = schema.safeParse({
      events: [
        { wardId: 'A', occupied: 1 },
        { wardId: 'B', occupied: 'x' },
      ],
    });
    const details = zodIssuesToDetails(result.error!.issues);
    expect(details).toHaveLength(1);
    expect(details[0]?.path).toBe('events[1].occupied');
    expect(details[0]?.message).not.toBe('');
  });

  it('names an unrecognised key as its own path, not its parent', () => {
    const result = schema.safeParse({ events: [{ wardId: 'A', occupied: 1, nhsNumber: '943 476 5919' }] });
    expect(zodIssuesToDetails(result.error!.issues)).toEqual([
      { path: 'events[0].nhsNumber', message: 'is not a recognised field' },
    ]);
  });

  it('names an unrecognised key at the top level', () => {
    const result = schema.safeParse({ events: [], extra: 1 });
    expect(zodIssuesToDetails(result.error!.issues)).toEqual([{ path: 'extra', message: 'is not a recognised field' }]);
  });

  it('names every unrecognised key when there are several', () => {
    const result = schema.safeParse({ events: [], first: 1, second: 2 });
    const text = zodIssuesToDetails(result.error!.issues)
      .map((detail) => `${detail.path} ${detail.message}`)
      .join('\n');
    expect(text).toContain('first');
    expect(text).toContain('second');
  });

  it('puts a prefix before every path', () => {
    const result = z.object({ occupied: z.int() }).safeParse({ occupied: 1.5 });
    expect(zodIssuesToDetails(result.error!.issues, ['events', 7]).map((detail) => detail.path)).toEqual(['events[7].occupied']);
  });

  it('reports a problem with the body itself as (body)', () => {
    const result = schema.safeParse('not an object');
    expect(zodIssuesToDetails(result.error!.issues).map((detail) => detail.path)).toEqual(['(body)']);
  });

  it('gives details that fit the one error shape of the API', () => {
    const result = schema.safeParse({ events: [{ occupied: -0.5, x: 1 }] });
    const body = { error: { code: 'malformed', message: 'Bad request body', details: zodIssuesToDetails(result.error!.issues) } };
    expect(apiErrorBodySchema.safeParse(body).success).toBe(true);
  });
});
