/** Small trends responses for the unit tests. */
import type { TrendResponse } from '@wardpulse/shared';

export function occupancyResponse(overrides: Partial<TrendResponse> = {}): TrendResponse {
  return {
    metric: {
      id: 'occupancyIncludingLeave',
      label: 'Bed occupancy including leave',
      unit: 'percent',
      better: 'lower',
      reference: { value: 0.85, label: 'RCPsych recommended maximum 85%' },
    },
    grain: 'day',
    statistic: 'census',
    sector: 'all',
    from: '2025-03-29',
    to: '2025-03-31',
    series: [
      {
        scope: 'trust:RX4',
        name: 'Cumbria, Northumberland, Tyne and Wear NHS FT',
        points: [
          { t: '2025-03-29', v: 0.9 },
          { t: '2025-03-30', v: 0.853 },
          { t: '2025-03-31', v: null },
        ],
      },
      {
        scope: 'trust:RX3',
        name: 'Tees, Esk and Wear Valleys NHS FT',
        points: [
          { t: '2025-03-29', v: 0.8 },
          { t: '2025-03-30', v: 0.81 },
          { t: '2025-03-31', v: 1.02 },
        ],
      },
    ],
    benchmarks: [],
    ...overrides,
  };
}
