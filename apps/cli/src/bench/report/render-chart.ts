import { clientDescriptions } from '../bench-clients.js';
import type { ClientKind, ClientName } from '../bench-types.js';
import { formatNumber, formatRatio } from './format-tables.js';
import { type BenchSummary, goalTargets, type ThroughputSummary } from './summarize-results.js';

interface Bar {
  label: string;
  value: number;
  kind: ClientKind;
  note: string;
}

interface GoalLine {
  label: string;
  value: number;
}

interface Panel {
  title: string;
  bars: Bar[];
  /** Dashed vertical lines where a goal sits: 0.8x raw undici, N x the fastest peer. */
  goals: GoalLine[];
}

const width = 960;
const labelWidth = 250;
const valueRoom = 210;
const barHeight = 22;
const barGap = 8;
const panelTitleHeight = 34;
const panelGap = 26;
const margin = 20;

const colors: Record<ClientKind, string> = {
  ours: '#2563eb',
  baseline: '#6b7280',
  peer: '#d97706',
  layer: '#93c5fd',
};

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

const wireNames: Partial<Record<ClientName, string>> = {
  'ours-anthropic': 'Anthropic wire',
  'ours-ollama': 'Ollama wire',
};

function panelFor(title: string, unit: string, summary: ThroughputSummary, peerGoal: number): Panel {
  const median = (client: ClientName): number =>
    summary.rows.find((row) => row.client === client)?.median ?? Number.NaN;
  const goals: GoalLine[] = [
    { label: `goal: ${goalTargets.vsUndici}x raw undici`, value: goalTargets.vsUndici * median('undici') },
  ];
  if (summary.fastestPeer !== undefined) {
    goals.push({ label: `goal: ${peerGoal}x fastest peer`, value: peerGoal * median(summary.fastestPeer) });
  }
  return {
    title,
    goals: goals.filter((goal) => Number.isFinite(goal.value)),
    // Layers are a profile of ours, not a client to compare: they have a table of their own.
    bars: summary.rows
      .filter((row) => clientDescriptions[row.client].kind !== 'layer')
      .map((row) => {
        const wire = wireNames[row.client];
        return {
          label: `${clientDescriptions[row.client].label}${wire === undefined ? '' : ` (${wire})`}`,
          value: row.median,
          kind: clientDescriptions[row.client].kind,
          note: `${formatNumber(row.median)} ${unit} · ${formatRatio(row.vsUndici)} undici`,
        };
      }),
  };
}

function renderPanel(panel: Panel, top: number): { svg: string[]; height: number } {
  const plotWidth = width - margin * 2 - labelWidth - valueRoom;
  const values = [...panel.bars.map((bar) => bar.value), ...panel.goals.map((goal) => goal.value)];
  const largest = Math.max(...values.filter(Number.isFinite), 1);
  const x = margin + labelWidth;
  const barsTop = top + panelTitleHeight;
  const barsHeight = panel.bars.length * (barHeight + barGap) - barGap;
  const svg = [
    `<text x="${margin}" y="${top + 20}" font-size="15" font-weight="600">${escapeXml(panel.title)}</text>`,
  ];
  const notes: string[] = [];
  panel.bars.forEach((bar, index) => {
    const y = barsTop + index * (barHeight + barGap);
    const length = Number.isFinite(bar.value) ? Math.max(1, (bar.value / largest) * plotWidth) : 0;
    const textY = y + barHeight / 2 + 4;
    svg.push(
      `<text x="${x - 8}" y="${textY}" font-size="12" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${x}" y="${y}" width="${length.toFixed(1)}" height="${barHeight}" rx="3" fill="${colors[bar.kind]}"/>`,
    );
    // A white box (sized from an average glyph width) keeps each value readable where a goal line crosses it.
    const noteX = x + length + 6;
    notes.push(
      `<rect x="${(noteX - 2).toFixed(1)}" y="${y + 3}" width="${(bar.note.length * 6.6 + 4).toFixed(1)}" height="${barHeight - 6}" fill="#ffffff"/>`,
      `<text x="${noteX.toFixed(1)}" y="${textY}" font-size="12">${escapeXml(bar.note)}</text>`,
    );
  });
  // Goal lines run over the bars (so a bar is seen to pass its goal or not) and under the values; their
  // labels sit below the bars, one line each, so two goals close together never overlap.
  const goalLabels: string[] = [];
  panel.goals.forEach((goal, index) => {
    const goalX = x + (goal.value / largest) * plotWidth;
    const labelY = barsTop + barsHeight + 16 + index * 14;
    const labelWidth = goal.label.length * 6 + 4;
    svg.push(
      `<line x1="${goalX.toFixed(1)}" y1="${barsTop - 4}" x2="${goalX.toFixed(1)}" y2="${labelY - 10}" stroke="#dc2626" stroke-width="1.5" stroke-dasharray="5 4"/>`,
    );
    goalLabels.push(
      `<rect x="${(goalX - labelWidth / 2).toFixed(1)}" y="${labelY - 10}" width="${labelWidth.toFixed(1)}" height="13" fill="#ffffff"/>`,
      `<text x="${goalX.toFixed(1)}" y="${labelY}" font-size="11" fill="#dc2626" text-anchor="middle">${escapeXml(goal.label)}</text>`,
    );
  });
  svg.push(...notes, ...goalLabels);
  return { svg, height: panelTitleHeight + barsHeight + 8 + panel.goals.length * 14 };
}

/**
 * The report's chart as a standalone SVG: calls/s and streams/s per client as horizontal bars, ours in blue,
 * raw undici in grey, the peers in amber, each bar labelled with its median and its ratio to raw undici.
 * Hand-rolled: a chart library would be a dependency for a dozen rectangles.
 */
export function renderChart(summary: BenchSummary, subtitle: string): string {
  const panels: Panel[] = [];
  if (summary.calls !== undefined) {
    const title = 'Non-stream calls/s, 64 in flight (median)';
    panels.push(panelFor(title, 'calls/s', summary.calls, goalTargets.callsVsFastestPeer));
  }
  if (summary.streams !== undefined) {
    const title = '200-chunk streams/s, 32 in flight (median)';
    panels.push(panelFor(title, 'streams/s', summary.streams, goalTargets.streamsVsFastestPeer));
  }
  const body: string[] = [];
  let top = margin + 30;
  for (const panel of panels) {
    const rendered = renderPanel(panel, top);
    body.push(...rendered.svg);
    top += rendered.height + panelGap;
  }
  const legendY = top;
  const legend = (['ours', 'baseline', 'peer'] as const).map((kind, index) => {
    const x = margin + labelWidth + index * 150;
    const name = kind === 'ours' ? 'abstractcore' : kind === 'baseline' ? 'raw undici' : 'peer SDKs';
    return `<rect x="${x}" y="${legendY}" width="14" height="14" rx="2" fill="${colors[kind]}"/><text x="${x + 20}" y="${legendY + 12}" font-size="12">${name}</text>`;
  });
  const height = legendY + 14 + margin;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" fill="#111827">`,
    '<title id="chart-title">Calls per second and streams per second for each client, from pnpm bench</title>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin}" y="${margin + 8}" font-size="12" fill="#4b5563">${escapeXml(subtitle)}</text>`,
    ...body,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}
