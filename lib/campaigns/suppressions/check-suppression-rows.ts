import type { ChannelKind } from "../../channels/channel.ts";
import { AppError } from "../../errors.ts";
import type { CsvRecord } from "../../ingest/csv/read-records.ts";
import { textProblem } from "../../storable-text.ts";
import { CHANNEL_KINDS } from "../policy/channel-kind-names.ts";
import { parseSuppressionAddress } from "./suppression-address.ts";
import { MAX_NOTE_CHARS } from "./suppression.schema.ts";

/** Where each known column sits in the file; other columns are listed and left alone (an export reads back in). */
export interface SuppressionCsvColumns {
  address: number;
  channel: number | null;
  note: number | null;
  ignored: string[];
}

export const EXPECTED_HEADER = "address (required), channel and note (optional)";

/** Reads the header row: `address` is required, `channel` and `note` are optional, names are matched without regard to case. */
export function suppressionCsvColumns(header: readonly string[]): SuppressionCsvColumns {
  const names = header.map((h) => h.trim().toLowerCase());
  const at = (name: string): number | null => {
    const positions = names.flatMap((n, i) => (n === name ? [i] : []));
    if (positions.length > 1) throw new AppError("VALIDATION", `The header names the column “${name}” ${positions.length} times; keep one.`);
    return positions[0] ?? null;
  };
  const address = at("address");
  if (address === null) {
    const firstLine = header.join(", ");
    const shown = firstLine.length > 80 ? `${firstLine.slice(0, 77)}…` : firstLine;
    throw new AppError(
      "VALIDATION",
      `The first line must name the columns: ${EXPECTED_HEADER}. This file's first line is “${shown}”. ` +
        `If it is already an address, add a first line reading “address”.`,
    );
  }
  const channel = at("channel");
  const note = at("note");
  const ignored = header.filter((_, i) => i !== address && i !== channel && i !== note && names[i] !== "");
  return { address, channel, note, ignored };
}

export interface RowProblem {
  line: number;
  message: string;
}

/** What the file's rows are checked against, and where problems are collected. */
export interface RowCheck {
  columns: SuppressionCsvColumns;
  /** The form's channel, for rows without one of their own. */
  channel: ChannelKind | null;
  /** The form's note, for rows without one of their own. */
  note: string | null;
  /** The first `maxProblems` problems, in file order; `problemCount` counts them all. */
  problems: RowProblem[];
  problemCount: number;
  maxProblems: number;
  rowCount: number;
}

function isChannelKind(value: string): value is ChannelKind {
  return (CHANNEL_KINDS as readonly string[]).includes(value);
}

function problemOf(record: CsvRecord, check: RowCheck): string | { channel: ChannelKind; address: string; note: string | null } {
  const cell = (index: number | null) => (index === null ? "" : (record.fields[index] ?? ""));
  const channelCell = cell(check.columns.channel).toLowerCase();
  if (channelCell !== "" && !isChannelKind(channelCell)) return `channel “${channelCell.slice(0, 40)}” is not one of ${CHANNEL_KINDS.join(", ")}.`;
  const channel = channelCell === "" ? check.channel : channelCell;
  if (!channel) return "no channel: fill in the channel column, or choose a channel for rows without one.";
  const addressCell = cell(check.columns.address);
  if (addressCell === "") return "the address is empty.";
  const parsed = parseSuppressionAddress(channel, addressCell);
  if (!parsed.ok) return parsed.message;
  const note = cell(check.columns.note) || check.note;
  const noteProblem = note === null ? null : textProblem(note) ?? (note.length > MAX_NOTE_CHARS ? `must be at most ${MAX_NOTE_CHARS} characters` : null);
  if (noteProblem) return `the note ${noteProblem}.`;
  return { channel, address: parsed.address, note };
}

/**
 * The data rows as staging rows (line, channel, address, note), each checked
 * and normalised. A row with a problem is recorded with its line; from the
 * first problem on nothing more is yielded (the import will store nothing),
 * but every row is still read, so the count and the first problems cover the
 * whole file.
 */
export async function* checkedSuppressionRows(records: AsyncIterator<CsvRecord>, check: RowCheck): AsyncGenerator<[number, string, string, string | null]> {
  for (let next = await records.next(); !next.done; next = await records.next()) {
    const record = next.value;
    check.rowCount++;
    const outcome = problemOf(record, check);
    if (typeof outcome === "string") {
      check.problemCount++;
      if (check.problems.length < check.maxProblems) check.problems.push({ line: record.line, message: `Line ${record.line}: ${outcome}` });
      continue;
    }
    if (check.problemCount === 0) yield [record.line, outcome.channel, outcome.address, outcome.note];
  }
}
