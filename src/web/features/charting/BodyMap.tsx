import { Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import { REGION_BY_ID, REGION_IDS, type RegionId } from '../../../domain/omt/regions.ts';
import { regionStatusText, type RegionStatus } from './chartState';

/**
 * Front and back figures with the ten CPT OMT regions. Each region is one focusable button
 * (Tab, Enter/Space, aria-pressed); where a region shows in both views the second drawing is for the
 * mouse only. Findings are hatched, treated regions filled and ticked, so nothing relies on colour.
 * A list of the same regions follows, with the status in words.
 */

const FRONT = 85;
const BACK = 255;

/** Shapes of a region around the figure's centre line `c`. */
type Shape = { d: string } | { ellipse: [number, number, number, number] };

const mirror = (c: number, pts: [number, number][]) =>
  `M${pts.map(([x, y]) => `${c - x},${y}`).join(' L')} Z M${pts.map(([x, y]) => `${c + x},${y}`).join(' L')} Z`;
const poly = (c: number, pts: [number, number][]) => `M${pts.map(([x, y]) => `${c + x},${y}`).join(' L')} Z`;

const SHAPES: Record<RegionId, (c: number, back: boolean) => Shape[]> = {
  head: (c) => [{ ellipse: [c, 31, 19, 23] }],
  cervical: (c) => [
    {
      d: poly(c, [
        [-9, 52],
        [9, 52],
        [10, 69],
        [-10, 69],
      ]),
    },
  ],
  thoracic: (c) => [
    {
      d: poly(c, [
        [-10, 70],
        [10, 70],
        [10, 148],
        [-10, 148],
      ]),
    },
  ],
  'rib-cage': (c, back) =>
    back
      ? [
          {
            d: mirror(c, [
              [12, 70],
              [34, 73],
              [31, 148],
              [12, 148],
            ]),
          },
        ]
      : [{ d: `M${c - 34},73 Q${c},64 ${c + 34},73 L${c + 31},142 L${c - 31},142 Z` }],
  abdomen: (c) => [
    {
      d: poly(c, [
        [-31, 142],
        [31, 142],
        [28, 186],
        [-28, 186],
      ]),
    },
  ],
  lumbar: (c) => [
    {
      d: poly(c, [
        [-31, 149],
        [31, 149],
        [28, 188],
        [-28, 188],
      ]),
    },
  ],
  sacral: (c) => [
    {
      d: poly(c, [
        [-12, 189],
        [12, 189],
        [0, 218],
      ]),
    },
  ],
  pelvic: (c, back) =>
    back
      ? [
          {
            d: mirror(c, [
              [14, 189],
              [28, 189],
              [34, 220],
              [4, 220],
            ]),
          },
        ]
      : [
          {
            d: poly(c, [
              [-28, 187],
              [28, 187],
              [34, 220],
              [-34, 220],
            ]),
          },
        ],
  'upper-extremity': (c) => [
    {
      d: mirror(c, [
        [36, 73],
        [47, 79],
        [57, 150],
        [61, 206],
        [49, 208],
        [45, 153],
        [37, 104],
      ]),
    },
  ],
  'lower-extremity': (c) => [
    {
      d: mirror(c, [
        [3, 222],
        [34, 222],
        [26, 332],
        [8, 332],
      ]),
    },
  ],
};

/** Where a region's tick mark sits. */
const MARK: Record<RegionId, (c: number) => [number, number]> = {
  head: (c) => [c, 31],
  cervical: (c) => [c, 60],
  thoracic: (c) => [c, 108],
  'rib-cage': (c) => [c, 104],
  abdomen: (c) => [c, 164],
  lumbar: (c) => [c, 168],
  sacral: (c) => [c, 201],
  pelvic: (c) => [c, 204],
  'upper-extremity': (c) => [c - 52, 160],
  'lower-extremity': (c) => [c - 17, 280],
};

/** Which view holds the focusable drawing of each region; the other view's copy is mouse-only. */
const PRIMARY: Record<RegionId, 'front' | 'back'> = {
  head: 'front',
  cervical: 'back',
  thoracic: 'back',
  'rib-cage': 'front',
  abdomen: 'front',
  lumbar: 'back',
  sacral: 'back',
  pelvic: 'front',
  'upper-extremity': 'front',
  'lower-extremity': 'front',
};
const SECONDARY: Partial<Record<RegionId, 'front' | 'back'>> = {
  head: 'back',
  cervical: 'front',
  'rib-cage': 'back',
  pelvic: 'back',
  'upper-extremity': 'back',
  'lower-extremity': 'back',
};

function shapeElements(shapes: Shape[]) {
  return shapes.map((s, i) =>
    'd' in s ? (
      <path key={i} className="bm-shape" d={s.d} fillRule="nonzero" />
    ) : (
      <ellipse
        key={i}
        className="bm-shape"
        cx={s.ellipse[0]}
        cy={s.ellipse[1]}
        rx={s.ellipse[2]}
        ry={s.ellipse[3]}
      />
    ),
  );
}

function fillClass(s: RegionStatus): string {
  if (s.findings && s.treated) return 'bm-both';
  if (s.treated) return 'bm-treated';
  if (s.findings) return 'bm-findings';
  return 'bm-none';
}

function regionLabel(region: RegionId, s: RegionStatus, problems: number): string {
  const extra = problems > 0 ? `, ${problems} problem${problems > 1 ? 's' : ''}` : '';
  return `${REGION_BY_ID[region].label}: ${regionStatusText(s)}${extra}`;
}

interface Props {
  statuses: Record<RegionId, RegionStatus>;
  selected: RegionId | null;
  onSelect: (region: RegionId, via: 'pointer' | 'keyboard') => void;
  /** Problems (errors, refused techniques) per region, marked with "!". */
  problems?: Partial<Record<RegionId, number>>;
}

export function BodyMap({ statuses, selected, onSelect, problems = {} }: Props) {
  const onKey = (region: RegionId) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(region, 'keyboard');
    }
  };

  const drawing = (region: RegionId, view: 'front' | 'back', primary: boolean) => {
    const c = view === 'front' ? FRONT : BACK;
    const s = statuses[region];
    const n = problems[region] ?? 0;
    const [mx, my] = MARK[region](c);
    const pressed = selected === region;
    const common = {
      className: `bm-region ${fillClass(s)}${pressed ? ' bm-selected' : ''}${n ? ' bm-problem' : ''}`,
      onClick: () => onSelect(region, 'pointer'),
    };
    const content = (
      <>
        <title>{regionLabel(region, s, n)}</title>
        {shapeElements(SHAPES[region](c, view === 'back'))}
        {s.treated ? (
          <g className="bm-mark" aria-hidden="true">
            <circle cx={mx} cy={my} r={7.5} />
            <path d={`M${mx - 3.6},${my + 0.2} L${mx - 1},${my + 3} L${mx + 3.8},${my - 2.8}`} />
          </g>
        ) : null}
        {n ? (
          <g className="bm-alert" aria-hidden="true">
            <circle cx={mx + (s.treated ? 13 : 0)} cy={my} r={7.5} />
            <text x={mx + (s.treated ? 13 : 0)} y={my + 4} textAnchor="middle">
              !
            </text>
          </g>
        ) : null}
      </>
    );
    if (!primary)
      return (
        <g key={`${region}-${view}`} {...common} aria-hidden="true">
          {content}
        </g>
      );
    return (
      <g
        key={`${region}-${view}`}
        {...common}
        role="button"
        tabIndex={0}
        aria-pressed={pressed}
        aria-label={regionLabel(region, s, n)}
        onKeyDown={onKey(region)}
        data-region={region}
      >
        {content}
      </g>
    );
  };

  return (
    <Stack gap="xs">
      <svg
        className="body-map"
        viewBox="0 0 340 352"
        role="group"
        aria-labelledby="body-map-title"
        aria-describedby="body-map-legend"
      >
        <title id="body-map-title">Body map, front and back: choose a region</title>
        <defs>
          <pattern
            id="bm-hatch"
            width="7"
            height="7"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="7" height="7" className="bm-hatch-bg" />
            <line x1="0" y1="0" x2="0" y2="7" className="bm-hatch-line" />
          </pattern>
          <pattern
            id="bm-hatch-treated"
            width="7"
            height="7"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="7" height="7" className="bm-hatch-bg-treated" />
            <line x1="0" y1="0" x2="0" y2="7" className="bm-hatch-line-treated" />
          </pattern>
        </defs>
        <text x={FRONT} y={349} textAnchor="middle" className="bm-caption" aria-hidden="true">
          Front
        </text>
        <text x={BACK} y={349} textAnchor="middle" className="bm-caption" aria-hidden="true">
          Back
        </text>
        {/* Mouse-only copies first, then the focusable regions in CPT order (the Tab order). */}
        {REGION_IDS.flatMap((r) => {
          const v = SECONDARY[r];
          return v ? [drawing(r, v, false)] : [];
        })}
        {REGION_IDS.map((r) => drawing(r, PRIMARY[r], true))}
      </svg>
      <Group gap="md" id="body-map-legend" className="bm-legend" wrap="wrap">
        <LegendItem kind="bm-findings" label="Findings (hatched)" />
        <LegendItem kind="bm-treated" label="Treated (✓)" tick />
        <LegendItem kind="bm-none" label="Nothing charted" />
        <LegendItem kind="bm-selected" label="Selected (thick outline)" />
      </Group>
    </Stack>
  );
}

function LegendItem({ kind, label, tick }: { kind: string; label: string; tick?: boolean }) {
  return (
    <Group gap={6} wrap="nowrap">
      <svg width="22" height="16" viewBox="0 0 22 16" aria-hidden="true" className="bm-legend-swatch">
        <g className={`bm-region ${kind === 'bm-selected' ? 'bm-none bm-selected' : kind}`}>
          <rect className="bm-shape" x="2" y="2" width="18" height="12" rx="2" />
          {tick ? (
            <g className="bm-mark">
              <path d="M7,8 L10,11 L15,5" />
            </g>
          ) : null}
        </g>
      </svg>
      <Text size="xs">{label}</Text>
    </Group>
  );
}

/** The same regions as a list of buttons with their status in words (also the screen-reader path). */
export function RegionList({ statuses, selected, onSelect, problems = {} }: Props) {
  return (
    <div>
      <ul className="region-list" aria-label="Body regions (list)">
        {REGION_IDS.map((r) => {
          const s = statuses[r];
          const n = problems[r] ?? 0;
          return (
            <li key={r}>
              <UnstyledButton
                className={`region-list-button ${fillClass(s)}`}
                aria-pressed={selected === r}
                onClick={(e) => onSelect(r, e.detail === 0 ? 'keyboard' : 'pointer')}
                data-region={r}
              >
                <span className="region-list-name">{REGION_BY_ID[r].label}</span>
                <span className="region-list-status">
                  {s.findings ? <span className="rl-tag rl-findings">Findings</span> : null}
                  {s.treated ? (
                    <span className="rl-tag rl-treated">
                      <span aria-hidden="true">✓ </span>Treated
                    </span>
                  ) : null}
                  {n ? (
                    <span className="rl-tag rl-problem">
                      <span aria-hidden="true">! </span>
                      {n} problem{n > 1 ? 's' : ''}
                    </span>
                  ) : null}
                  {!s.findings && !s.treated && !n ? <span className="rl-empty">—</span> : null}
                </span>
              </UnstyledButton>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
