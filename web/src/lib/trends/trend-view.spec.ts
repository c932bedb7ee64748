import { describe, expect, it } from 'vitest';
import {
  addMonths,
  defaultView,
  grainFor,
  NO_SPC_OPTIONS,
  parseBaseline,
  parseTrendView,
  QUICK_RANGES,
  quickRangeDates,
  rangeProblem,
  serialiseTrendView,
  spcScope,
  toggleScope,
  trendApiPath,
  viewGrainProblem,
  withMetric,
  type TrendView,
} from './trend-view.js';

const TODAY = '2025-06-15';
const parse = (query: string) => parseTrendView(new URLSearchParams(query), TODAY);

describe('trend view in the URL', () => {
  it('reads every part of a shared link', () => {
    expect(
      parse(
        'metric=vacantBeds&scope=trust:RX4&scope=trust:RX3&from=2025-01-01&to=2025-03-31&grain=month&view=spc&focus=trust:RX3',
      ),
    ).toEqual({
      metric: 'vacantBeds',
      scopes: ['trust:RX4', 'trust:RX3'],
      from: '2025-01-01',
      to: '2025-03-31',
      grain: 'month',
      statistic: 'census',
      sector: 'all',
      view: 'spc',
      focus: 'trust:RX3',
      spc: NO_SPC_OPTIONS,
    });
  });

  it('defaults to the last year by day, compared, for a bare link', () => {
    expect(parse('')).toEqual({
      metric: 'occupancyIncludingLeave',
      scopes: [],
      from: '2024-06-16',
      to: TODAY,
      grain: 'day',
      statistic: 'census',
      sector: 'all',
      view: 'compare',
      focus: null,
      spc: NO_SPC_OPTIONS,
    });
    expect(defaultView(TODAY)).toEqual(parse(''));
  });

  it('falls back to defaults for values it does not know, so an old link still opens', () => {
    const view = parse(
      'metric=nonsense&scope=trust:nope&scope=ward:&scope=region:x&from=2025-02-30&to=yesterday&grain=fortnight&statistic=median&sector=maternity&view=pie',
    );
    expect(view).toEqual(parse(''));
  });

  it('accepts a hand-typed lower-case trust and drops repeats', () => {
    expect(parse('scope=trust:rx4&scope=trust:RX4&scope=collaborative:nenc&scope=ward:RX4-W12').scopes).toEqual([
      'trust:RX4',
      'collaborative:nenc',
      'ward:RX4-W12',
    ]);
  });

  it('keeps at most twelve scopes', () => {
    const query = Array.from({ length: 14 }, (_, i) => `scope=ward:W${i}`).join('&');
    expect(parse(query).scopes).toHaveLength(12);
  });

  it('starts a year before a lone end date', () => {
    expect(parse('to=2025-03-31')).toMatchObject({ from: '2024-04-01', to: '2025-03-31' });
  });

  it('ignores a focus that is not one of the scopes', () => {
    expect(parse('scope=trust:RX4&view=spc&focus=trust:RX3').focus).toBeNull();
  });

  it('writes the view in a fixed order, and reads back what it wrote', () => {
    const view: TrendView = {
      metric: 'vacantBeds',
      scopes: ['trust:RX4', 'collaborative:nenc'],
      from: '2024-01-01',
      to: '2024-12-31',
      grain: 'quarter',
      statistic: 'peak',
      sector: 'learning-disabilities',
      view: 'spc',
      focus: 'collaborative:nenc',
      spc: { baseline: { points: 12 }, changePoints: ['2024-04-01', '2024-09-01'] },
    };
    const query = serialiseTrendView(view);
    expect(query).toBe(
      'metric=vacantBeds&scope=trust%3ARX4&scope=collaborative%3Anenc&from=2024-01-01&to=2024-12-31&grain=quarter&statistic=peak&sector=learning-disabilities&view=spc&focus=collaborative%3Anenc&baseline=12&change=2024-04-01&change=2024-09-01',
    );
    expect(parse(query)).toEqual(view);
  });

  it('opens a link saved before a measure was renamed: waiting52WeeksPlus is now waitingMoreThan52Weeks', () => {
    expect(parse('metric=waiting52WeeksPlus&scope=trust:RX4')).toMatchObject({ metric: 'waitingMoreThan52Weeks' });
    expect(parse('metric=talkingTherapies18WeekShare')).toMatchObject({ metric: 'talkingTherapies18WeekShare' });
  });

  it('keeps a daily value and a KH03 sector only for measures that have them', () => {
    // OAP cost is a sum: no mean or peak, no sectors. Referrals waiting is a daily census of the trust's.
    expect(parse('metric=oapCost&statistic=peak&sector=learning-disabilities')).toMatchObject({
      statistic: 'census',
      sector: 'all',
    });
    expect(parse('metric=admissionReferralsWaiting&statistic=mean&sector=mental-illness')).toMatchObject({
      statistic: 'mean',
      sector: 'all',
    });
    // Changing the measure to one without them writes the defaults.
    const query = serialiseTrendView({
      ...parse('metric=vacantBeds&statistic=peak&sector=mental-illness'),
      metric: 'oapBedDays',
    });
    expect(query).toContain('statistic=census&sector=all');
  });

  it('keeps an SPC baseline by dates and change points in the URL, in order and without repeats', () => {
    const view = parse(
      'scope=trust:RX4&view=spc&baseline=2025-01-01..2025-03-31&change=2025-05-01&change=2025-04-01&change=2025-05-01',
    );
    expect(view.spc).toEqual({ baseline: { from: '2025-01-01', to: '2025-03-31' }, changePoints: ['2025-04-01', '2025-05-01'] });
    expect(serialiseTrendView(view)).toContain('baseline=2025-01-01..2025-03-31&change=2025-04-01&change=2025-05-01');
  });

  it('ignores a baseline or change point it cannot use, so a hand-edited link still opens', () => {
    // Fewer than 12 points is refused by NHSRplotthedots too (fix_after_n_points ≥ 12).
    for (const text of ['11', '0', '-12', '12.5', '2025-03-31..2025-01-01', '2025-01-01..', '2025-01-01..2025-02-30', 'x']) {
      expect(parseBaseline(text)).toBeNull();
    }
    expect(parseBaseline('12')).toEqual({ points: 12 });
    expect(parse('view=spc&change=2025-02-30&change=soon&change=2025-04-01').spc.changePoints).toEqual(['2025-04-01']);
    const many = Array.from({ length: 14 }, (_, i) => `change=2025-01-${String(i + 1).padStart(2, '0')}`).join('&');
    expect(parse(many).spc.changePoints).toHaveLength(12);
  });

  it('leaves out the SPC focus, baseline and change points in the compare view', () => {
    const query = serialiseTrendView({
      ...parse('scope=trust:RX4'),
      focus: 'trust:RX4',
      view: 'compare',
      spc: { baseline: { points: 12 }, changePoints: ['2025-04-01'] },
    });
    expect(query).not.toMatch(/focus|baseline|change/);
  });
});

describe('ranges', () => {
  it('moves by calendar months, clamping to the end of a shorter month', () => {
    expect(addMonths('2025-05-31', -3)).toBe('2025-02-28');
    expect(addMonths('2024-05-31', -3)).toBe('2024-02-29');
    expect(addMonths('2025-01-15', -1)).toBe('2024-12-15');
    expect(addMonths('2025-06-15', -36)).toBe('2022-06-15');
  });

  it('makes quick ranges that end today and include both ends', () => {
    expect(quickRangeDates(QUICK_RANGES[0], TODAY)).toEqual({ from: '2025-03-16', to: TODAY });
    expect(quickRangeDates(QUICK_RANGES[3], TODAY)).toEqual({ from: '2022-06-16', to: TODAY });
  });

  it('refuses a range that ends before it starts, or is too long for the grain', () => {
    expect(rangeProblem({ from: '2025-02-01', to: '2025-01-31', grain: 'day' })).toBe(
      'The start date must be on or before the end date',
    );
    expect(rangeProblem({ from: '2025-01-01', to: '2025-01-01', grain: 'hour' })).toBeNull();
    expect(rangeProblem({ from: '2025-01-01', to: '2025-04-03', grain: 'hour' })).toBeNull(); // 93 days
    expect(rangeProblem({ from: '2025-01-01', to: '2025-04-04', grain: 'hour' })).toMatch(
      /^94 days is too long a range for hourly figures/,
    );
    expect(rangeProblem({ from: '2022-06-16', to: TODAY, grain: 'day' })).toBeNull();
  });

  it('picks the finest grain that fits when a quick range outgrows the chosen one', () => {
    expect(grainFor({ from: '2024-06-16', to: TODAY, grain: 'hour' })).toBe('day');
    expect(grainFor({ from: '2024-06-16', to: TODAY, grain: 'month' })).toBe('month');
    expect(grainFor({ from: '2025-05-16', to: TODAY, grain: 'hour' })).toBe('hour');
    // Hours, then days, then weeks: five years by day is too long, by week it fits.
    expect(grainFor({ from: '2020-06-16', to: TODAY, grain: 'day' })).toBe('week');
  });
});

describe('scopes and the API request', () => {
  const view = parse('scope=trust:RX4&scope=trust:RX3&from=2025-05-01&to=2025-05-31&view=spc&focus=trust:RX3');

  it('adds and removes scopes, forgetting a removed SPC focus', () => {
    expect(toggleScope(view, 'collaborative:nenc').scopes).toEqual(['trust:RX4', 'trust:RX3', 'collaborative:nenc']);
    const removed = toggleScope(view, 'trust:RX3');
    expect(removed.scopes).toEqual(['trust:RX4']);
    expect(removed.focus).toBeNull();
  });

  it('adds no thirteenth scope', () => {
    const full = { ...view, scopes: Array.from({ length: 12 }, (_, i) => `ward:W${i}`) };
    expect(toggleScope(full, 'trust:RX4')).toBe(full);
  });

  it('charts the focus in SPC, else the first scope', () => {
    expect(spcScope(view)).toBe('trust:RX3');
    expect(spcScope({ ...view, focus: null })).toBe('trust:RX4');
    expect(spcScope({ ...view, scopes: [], focus: null })).toBeNull();
  });

  it('asks the API for the data part of the view only', () => {
    expect(trendApiPath(view)).toBe(
      '/api/v1/trends?metric=occupancyIncludingLeave&scope=trust%3ARX4&scope=trust%3ARX3&from=2025-05-01&to=2025-05-31&grain=day&statistic=census&sector=all',
    );
    expect(trendApiPath({ ...view, view: 'compare' })).toBe(trendApiPath(view));
  });

  it('asks nothing without a scope or with a bad range', () => {
    expect(trendApiPath({ ...view, scopes: [] })).toBeNull();
    expect(trendApiPath({ ...view, from: '2025-06-01' })).toBeNull();
  });
});

describe('length of stay, which has no hours', () => {
  const hourly = parse('metric=medianLengthOfStay&scope=trust:RX4&from=2025-05-01&to=2025-05-31&grain=hour');

  it('keeps an hourly link to say why it cannot be shown, and asks the API nothing', () => {
    expect(hourly.grain).toBe('hour');
    expect(viewGrainProblem(hourly)).toMatch(/counted in nights/);
    expect(trendApiPath(hourly)).toBeNull();
    expect(trendApiPath({ ...hourly, grain: 'day' })).toContain('metric=medianLengthOfStay');
  });

  it('turns an hourly view daily on switching to length of stay, and keeps other grains', () => {
    const occupancy = parse('scope=trust:RX4&from=2025-05-01&to=2025-05-31&grain=hour');
    expect(withMetric(occupancy, 'medianLengthOfStay').grain).toBe('day');
    expect(withMetric({ ...occupancy, grain: 'week' }, 'medianLengthOfStay').grain).toBe('week');
    expect(withMetric(hourly, 'vacantBeds').grain).toBe('hour');
  });
});
