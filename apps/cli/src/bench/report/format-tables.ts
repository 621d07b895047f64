import { clientDescriptions } from '../bench-clients.js';
import type { ClientName } from '../bench-types.js';
import { ratio } from '../statistics.js';
import type { BenchSummary, GoalResult, ThroughputSummary, TracingSummary } from './summarize-results.js';

/** A table as both stdout and Markdown print it: cells are already formatted text. */
export interface Table {
  title: string;
  columns: string[];
  /** Right-aligned columns (numbers), by index. */
  numeric: number[];
  rows: string[][];
}

/** A number with thousands separators and `digits` decimals; `n/a` when it is not finite. */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A ratio as `1.23x`. */
export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a';
}

function formatMs(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 1)} ms` : 'n/a';
}

function formatSignedMs(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)} ms`;
}

function formatKibibytes(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KiB` : 'n/a';
}

function formatCpu(micros: number, vsUndici: number): string {
  return Number.isFinite(micros) ? `${formatNumber(micros)} µs (${formatRatio(vsUndici)})` : 'n/a';
}

function labelOf(client: ClientName): string {
  return `${client} — ${clientDescriptions[client].label}`;
}

/** How a goal's outcome reads: `met (12% margin)` or `MISSED by 30%` (of the target). */
function formatGoalOutcome(goal: GoalResult): string {
  const percent = `${Math.abs(goal.margin * 100).toFixed(0)}%`;
  if (!Number.isFinite(goal.measured)) return 'not measured';
  return goal.met ? `met (${percent} margin)` : `MISSED by ${percent}`;
}

function formatGoalValue(goal: GoalResult, value: number): string {
  return goal.id.startsWith('scaling.') ? `${value.toFixed(2)}x of delay` : formatRatio(value);
}

function throughputTable(
  title: string,
  unit: string,
  summary: ThroughputSummary,
  clients: ClientName[],
): Table {
  return {
    title,
    columns: [
      'client',
      `${unit} (median)`,
      'per round',
      'vs raw undici',
      `vs fastest peer (${summary.fastestPeer ?? 'n/a'})`,
      'client CPU per op',
    ],
    numeric: [1, 3, 4, 5],
    rows: summary.rows
      .filter((row) => clients.includes(row.client))
      .map((row) => [
        labelOf(row.client),
        formatNumber(row.median),
        row.perRound.map((value) => formatNumber(value)).join(' / '),
        formatRatio(row.vsUndici),
        formatRatio(row.vsFastestPeer),
        formatCpu(row.cpuMicrosPerOperation, row.cpuVsUndici),
      ]),
  };
}

const openAiWire: ClientName[] = [
  'ours-compatible',
  'ours-openai',
  'undici',
  'openai',
  'ai-sdk',
  'langchain',
];

// Each layer's CPU per stream and what it adds to the one below it, from the layer clients and the two
// complete ones; a missing row leaves the table out.
function profileByLayer(summary: ThroughputSummary): string[][] {
  const cpu = (client: ClientName): number | undefined =>
    summary.rows.find((row) => row.client === client)?.cpuMicrosPerOperation;
  const steps: Array<[ClientName, string, string]> = [
    ['layer-http', 'HTTP exchange (undici: request, socket reads)', 'undici, Node'],
    ['undici', 'raw undici: + line split and JSON.parse per event', 'the practical limit'],
    [
      'layer-adapter',
      'our adapter: + SSE decoding, mapping to chunks (repeated envelopes without JSON.parse)',
      '@core/http, @provider/*',
    ],
    ['ours-compatible', "createLLM: + the pipeline and the caller's for await", '@core/session'],
  ];
  const rows: string[][] = [];
  const base = cpu('layer-http');
  for (const [client, layer, where] of steps) {
    const micros = cpu(client);
    if (micros === undefined || base === undefined) return [];
    const below =
      client === 'layer-adapter' ? base : client === 'ours-compatible' ? cpu('layer-adapter') : base;
    rows.push([
      layer,
      `${formatNumber(micros)} µs`,
      client === 'layer-http' ? '' : `+${formatNumber(micros - (below ?? micros))} µs`,
      where,
    ]);
  }
  return rows;
}

// One loop's columns for a tracing-cost row: median, per round, ratio to tracing off, CPU per op (and its
// ratio to tracing off's); n/a where that loop did not run.
function tracingCells(summary: ThroughputSummary | undefined, client: ClientName): string[] {
  const row = summary?.rows.find((candidate) => candidate.client === client);
  if (row === undefined) return ['n/a', 'n/a', 'n/a', 'n/a'];
  const off = summary?.rows.find((candidate) => candidate.client === 'ours-compatible');
  return [
    formatNumber(row.median),
    row.perRound.map((value) => formatNumber(value)).join(' / '),
    formatRatio(row.vsOursCompatible),
    formatCpu(
      row.cpuMicrosPerOperation,
      ratio(row.cpuMicrosPerOperation, off?.cpuMicrosPerOperation ?? Number.NaN),
    ),
  ];
}

/** The tracing-cost table's title: it spans two scenarios, so the runner prints it once both have run. */
export const tracingTableTitle =
  'Tracing cost: calls/s and 200-chunk streams/s with OpenTelemetry off, sampled out, exporting to memory';

function tracingTable(tracing: TracingSummary): Table {
  const clients = [
    ...new Set([...(tracing.calls?.rows ?? []), ...(tracing.streams?.rows ?? [])].map((row) => row.client)),
  ];
  return {
    title: tracingTableTitle,
    columns: [
      'client',
      'calls/s (median)',
      'per round',
      'vs off',
      'client CPU per call (vs off)',
      'streams/s (median)',
      'per round',
      'vs off',
      'client CPU per stream (vs off)',
    ],
    numeric: [1, 3, 4, 5, 7, 8],
    rows: clients.map((client) => [
      client === 'ours-compatible' ? `${labelOf(client)}, no SDK: tracing off` : labelOf(client),
      ...tracingCells(tracing.calls, client),
      ...tracingCells(tracing.streams, client),
    ]),
  };
}

/** Every table of the report, in reading order; scenarios that did not run are left out. */
export function formatTables(summary: BenchSummary): Table[] {
  const tables: Table[] = [];
  if (summary.goals.length > 0) {
    tables.push({
      title: 'Goals',
      columns: ['goal', 'target', 'measured', 'outcome', 'context'],
      numeric: [1, 2],
      rows: summary.goals.map((goal) => [
        goal.description,
        `${goal.direction === 'at-least' ? '≥' : '≤'} ${formatGoalValue(goal, goal.target)}`,
        formatGoalValue(goal, goal.measured),
        formatGoalOutcome(goal),
        goal.context ?? '',
      ]),
    });
  }
  if (summary.calls !== undefined) {
    tables.push(throughputTable('Non-stream calls/s, 64 in flight', 'calls/s', summary.calls, openAiWire));
  }
  if (summary.streams !== undefined) {
    tables.push(
      throughputTable(
        '200-chunk streams/s, 32 in flight (OpenAI wire)',
        'streams/s',
        summary.streams,
        openAiWire,
      ),
    );
    const wires: ClientName[] = ['ours-compatible', 'ours-anthropic', 'ours-ollama'];
    tables.push({
      title: 'Wire formats through our providers: 200-chunk streams/s, 32 in flight',
      columns: [
        'client',
        'wire',
        'streams/s (median)',
        'per round',
        "vs createLLM('openai-compatible')",
        'vs raw undici (OpenAI wire)',
        'client CPU per stream',
      ],
      numeric: [2, 4, 5, 6],
      rows: summary.streams.rows
        .filter((row) => wires.includes(row.client))
        .map((row) => [
          labelOf(row.client),
          row.client === 'ours-anthropic'
            ? 'Anthropic SSE'
            : row.client === 'ours-ollama'
              ? 'Ollama NDJSON'
              : 'OpenAI SSE',
          formatNumber(row.median),
          row.perRound.map((value) => formatNumber(value)).join(' / '),
          formatRatio(row.vsOursCompatible),
          formatRatio(row.vsUndici),
          formatCpu(row.cpuMicrosPerOperation, row.cpuVsUndici),
        ]),
    });
  }
  const layers = summary.streams === undefined ? [] : profileByLayer(summary.streams);
  if (layers.length > 0) {
    tables.push({
      title: 'Where a stream’s CPU time goes: 200-chunk streams through each layer (profile by layer)',
      columns: ['layer', 'client CPU per stream', 'added by this layer', 'whose code'],
      numeric: [1, 2],
      rows: layers,
    });
  }
  if (summary.firstChunk !== undefined) {
    const rows = summary.firstChunk;
    const concurrencies = [...new Set(rows.map((row) => row.inFlight))];
    const clients = [...new Set(rows.map((row) => row.client))];
    tables.push({
      title: 'Time to first chunk (added = client minus raw undici, at the same concurrency)',
      columns: [
        'client',
        ...concurrencies.flatMap((inFlight) => [
          `${inFlight} in flight: p50`,
          'p99',
          'added p50',
          'added p99',
        ]),
      ],
      numeric: concurrencies.flatMap((_, index) => [1, 2, 3, 4].map((column) => index * 4 + column)),
      rows: clients.map((client) => [
        labelOf(client),
        ...concurrencies.flatMap((inFlight) => {
          const row = rows.find(
            (candidate) => candidate.client === client && candidate.inFlight === inFlight,
          );
          if (row === undefined) return ['n/a', 'n/a', 'n/a', 'n/a'];
          return [
            formatMs(row.p50Ms),
            formatMs(row.p99Ms),
            formatSignedMs(row.addedP50Ms),
            formatSignedMs(row.addedP99Ms),
          ];
        }),
      ]),
    });
  }
  if (summary.scaling !== undefined) {
    const levels = [...new Set(summary.scaling.map((row) => row.concurrency))];
    const clients = [...new Set(summary.scaling.map((row) => row.client))];
    tables.push({
      title: 'Concurrency scaling: time for N concurrent calls to a server that takes 100 ms (median batch)',
      columns: ['client', ...levels.map((level) => `N = ${level}`)],
      numeric: levels.map((_, index) => index + 1),
      rows: clients.map((client) => [
        labelOf(client),
        ...levels.map((level) => {
          const row = summary.scaling?.find(
            (candidate) => candidate.client === client && candidate.concurrency === level,
          );
          return row === undefined
            ? 'n/a'
            : `${formatMs(row.medianMs)} (${formatRatio(row.overServerDelay)})`;
        }),
      ]),
    });
  }
  if (summary.memory !== undefined) {
    tables.push({
      title: 'Memory: growth per open stream with 500 streams open (after GC)',
      columns: ['client', 'RSS per stream', 'heap per stream', 'RSS per stream, per round'],
      numeric: [1, 2],
      rows: summary.memory.map((row) => [
        labelOf(row.client),
        formatKibibytes(row.rssPerStreamBytes),
        formatKibibytes(row.heapPerStreamBytes),
        row.perRoundRssBytes.map(formatKibibytes).join(' / '),
      ]),
    });
  }
  if (summary.coldStart !== undefined) {
    tables.push({
      title: 'Cold start: import + first call in a fresh process (median)',
      columns: ['client', 'import', 'first call', 'total', "vs createLLM('openai-compatible')"],
      numeric: [1, 2, 3, 4],
      rows: summary.coldStart.map((row) => [
        labelOf(row.client),
        formatMs(row.importMs),
        formatMs(row.firstCallMs),
        formatMs(row.totalMs),
        formatRatio(row.vsOursCompatible),
      ]),
    });
  }
  if (summary.tracing !== undefined) tables.push(tracingTable(summary.tracing));
  return tables;
}

function widths(table: Table): number[] {
  return table.columns.map((column, index) =>
    Math.max(column.length, ...table.rows.map((row) => (row[index] ?? '').length)),
  );
}

/** A table as aligned plain text for the terminal. */
export function renderTextTable(table: Table): string {
  const columnWidths = widths(table);
  const line = (cells: string[]) =>
    cells
      .map((cell, index) =>
        table.numeric.includes(index)
          ? cell.padStart(columnWidths[index] ?? 0)
          : cell.padEnd(columnWidths[index] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    table.title,
    line(table.columns),
    columnWidths.map((width) => '-'.repeat(width)).join('  '),
    ...table.rows.map(line),
  ].join('\n');
}

function escapeCell(cell: string): string {
  return cell.replaceAll('|', '\\|');
}

/** A table as GitHub Markdown (without its title). */
export function renderMarkdownTable(table: Table): string {
  const header = `| ${table.columns.map(escapeCell).join(' | ')} |`;
  const rule = `| ${table.columns.map((_, index) => (table.numeric.includes(index) ? '---:' : '---')).join(' | ')} |`;
  const rows = table.rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}
