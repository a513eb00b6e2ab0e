/**
 * The EKS checklist that finds which documented cause holds for a cluster-side catalogue entry,
 * when the pasted text is diagnosed with a cluster named (`--cluster`, and for the IRSA entries
 * `--service-account`): the IRSA entries (E05–E09, F02–F06) run `doctor irsa`, the mapping entries
 * (F01, S02, S03, S06) run `doctor aws-auth`. The text of these failures names no cluster, service
 * account or principal, so the user gives them; the checklist's first failed step is the cause.
 */

export type EntryChecklist = 'irsa' | 'aws-auth';

export const CHECKLIST_FOR_ENTRY: Readonly<Record<string, EntryChecklist>> = {
  E05: 'irsa',
  E06: 'irsa',
  E07: 'irsa',
  E08: 'irsa',
  E09: 'irsa',
  F02: 'irsa',
  F03: 'irsa',
  F04: 'irsa',
  F05: 'irsa',
  F06: 'irsa',
  F01: 'aws-auth',
  S02: 'aws-auth',
  S03: 'aws-auth',
  S06: 'aws-auth',
};

/** One failed step of the checklist, as the diagnosis shows it. */
export interface ChecklistFailure {
  readonly step: string;
  readonly detail: string;
  readonly fix: string | null;
}

/** The checklist's outcome inside a diagnosis (`checklist` in `gatehouse doctor --json`). */
export interface ChecklistSection {
  readonly check: EntryChecklist;
  readonly cluster: string;
  /** Whether it ran; false with `detail` saying what it needs. */
  readonly ran: boolean;
  readonly detail: string;
  /** The failed steps, in the checklist's order. */
  readonly failed: readonly ChecklistFailure[];
  /** The steps whose evidence could not be read. */
  readonly gaps: readonly ChecklistFailure[];
  /** The read-only calls it made (`service:Operation`). */
  readonly calls: readonly string[];
}
