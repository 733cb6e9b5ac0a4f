// The "nothing silently lost" oracle of the sync convergence property test (issue 5). Every write
// a simulated post makes puts a fresh token in one field of a patient, and the lineage records
// what each write knowingly replaced:
//   - an edit replaces the value its post held in that field when the person saved;
//   - a delete replaces every value its post held;
//   - a person's conflict resolution replaces whatever of local and remote it did not keep
//     (keeping a body over a delete replaces that delete; keeping a delete replaces both bodies).
// A three-way merge makes no new value: it combines values that each replaced their own past.
// At the end, every value ever written to a field must be the final value or be reachable from it
// through "replaced" links; every delete must be reachable from a live resource's final values;
// and a resource that ended deleted must have had every value it ever held replaced by a delete.
// A write that is not reachable was overwritten (or dropped) without anyone having seen it.
import type { Patient } from '@medplum/fhirtypes';

export const FIELDS = ['name', 'telecom', 'address'] as const;
export type Field = (typeof FIELDS)[number];

/** The token a field holds (absent when the field is missing). */
export function tokenOf(patient: Patient | undefined, field: Field): string | undefined {
  if (patient === undefined) return undefined;
  switch (field) {
    case 'name':
      return patient.name?.[0]?.family;
    case 'telecom':
      return patient.telecom?.[0]?.value;
    case 'address':
      return patient.address?.[0]?.city;
  }
}

/** `patient` with `token` in `field`. */
export function withToken(patient: Patient, field: Field, token: string): Patient {
  switch (field) {
    case 'name':
      return { ...patient, name: [{ family: token, given: ['Ana'] }] };
    case 'telecom':
      return { ...patient, telecom: [{ system: 'phone', value: token }] };
    case 'address':
      return { ...patient, address: [{ city: token, country: 'GT' }] };
  }
}

interface Write {
  readonly node: string;
  readonly device: number;
  /** The field written; undefined for a delete. */
  readonly field?: Field;
}

export class Lineage {
  private next = 0;
  /** node → the nodes it knowingly replaced. */
  private readonly replaced = new Map<string, Set<string>>();
  /** resource id → every write to it (field values and deletes, with their post). */
  private readonly writes = new Map<string, Write[]>();
  /** resource id → its delete nodes (posts' deletes and resolutions that kept a delete). */
  private readonly deletes = new Map<string, string[]>();

  /** A fresh token for a new value. */
  token(): string {
    this.next += 1;
    return `T${String(this.next)}`;
  }

  /** A new patient: one token per field, replacing nothing. */
  newPatient(): Patient {
    let patient: Patient = { resourceType: 'Patient', gender: 'female', birthDate: '1990-04-02' };
    for (const field of FIELDS) patient = withToken(patient, field, this.token());
    return patient;
  }

  created(device: number, id: string, patient: Patient): void {
    for (const field of FIELDS) this.write(id, { node: this.must(patient, field), device, field });
  }

  /** `device` saved `token` in `field` over what it held there (`before`). */
  edited(device: number, id: string, field: Field, before: Patient, token: string): void {
    this.write(id, { node: token, device, field });
    this.link(token, tokenOf(before, field));
  }

  /** `device` deleted the patient it held as `before`. */
  deleted(device: number, id: string, before: Patient): void {
    const node = `D${String((this.next += 1))}`;
    this.write(id, { node, device });
    this.deletes.set(id, [...(this.deletes.get(id) ?? []), node]);
    for (const field of FIELDS) this.link(node, tokenOf(before, field));
  }

  /**
   * A person on `device` resolved a conflict: `local` (now) and `remote` (the server's, in the
   * conflict record) went in, `after` came out (undefined: deleted).
   */
  resolved(device: number, id: string, local: Patient | undefined, remote: Patient | undefined, after: Patient | undefined): void {
    const sides = [local, remote];
    const deletesSoFar = [...(this.deletes.get(id) ?? [])];
    if (after === undefined && remote === undefined) {
      // The server's deletion stands (nothing new reaches the server): from now on it answers
      // for the values this post held too.
      for (const d of deletesSoFar) for (const field of FIELDS) this.link(d, tokenOf(local, field));
      return;
    }
    if (after === undefined) {
      // The local deletion is kept over the server's body: a new delete goes up.
      const node = `R${String((this.next += 1))}`;
      this.write(id, { node, device });
      this.deletes.set(id, [...(this.deletes.get(id) ?? []), node]);
      for (const side of sides) for (const field of FIELDS) this.link(node, tokenOf(side, field));
      return;
    }
    for (const field of FIELDS) {
      const kept = this.must(after, field);
      for (const side of sides) {
        if (side === undefined) for (const d of deletesSoFar) this.link(kept, d);
        else if (tokenOf(side, field) !== kept) this.link(kept, tokenOf(side, field));
      }
    }
  }

  /** Writes of `id` by posts other than `device`. */
  writtenByOthers(id: string, device: number): boolean {
    return (this.writes.get(id) ?? []).some((w) => w.device !== device);
  }

  get resourceIds(): string[] {
    return [...this.writes.keys()];
  }

  /** Problems with the final server state (id → the patient, absent when deleted); empty when every write is accounted for. */
  unexplained(final: ReadonlyMap<string, Patient>): string[] {
    const problems: string[] = [];
    for (const [id, writes] of this.writes) {
      const patient = final.get(id);
      if (patient === undefined) {
        const deletes = this.deletes.get(id) ?? [];
        if (deletes.length === 0) {
          problems.push(`Patient/${id} vanished: nobody deleted it`);
          continue;
        }
        const seen = this.reach(deletes);
        for (const w of writes) if (!seen.has(w.node)) problems.push(`Patient/${id}: ${describe(w)} lost (the resource ended deleted by deletes that never saw it)`);
        continue;
      }
      const all = new Set<string>();
      for (const field of FIELDS) {
        const finalToken = tokenOf(patient, field);
        if (finalToken === undefined) {
          problems.push(`Patient/${id}.${field} is empty`);
          continue;
        }
        const seen = this.reach([finalToken]);
        for (const node of seen) all.add(node);
        for (const w of writes) {
          if (w.field === field && !seen.has(w.node)) problems.push(`Patient/${id}.${field}: ${describe(w)} lost under ${finalToken}`);
        }
      }
      for (const w of writes) if (w.field === undefined && !all.has(w.node)) problems.push(`Patient/${id}: ${describe(w)} lost (the resource is live)`);
    }
    return problems;
  }

  private write(id: string, write: Write): void {
    this.writes.set(id, [...(this.writes.get(id) ?? []), write]);
  }

  private link(from: string, to: string | undefined): void {
    if (to === undefined || to === from) return;
    let set = this.replaced.get(from);
    if (set === undefined) this.replaced.set(from, (set = new Set()));
    set.add(to);
  }

  private reach(start: readonly string[]): Set<string> {
    const seen = new Set<string>(start);
    const stack = [...start];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      for (const next of this.replaced.get(node) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return seen;
  }

  private must(patient: Patient, field: Field): string {
    const token = tokenOf(patient, field);
    if (token === undefined) throw new Error(`patient ${patient.id ?? ''} has no ${field}`);
    return token;
  }
}

const describe = (w: Write): string => (w.field === undefined ? `delete ${w.node} by post ${String(w.device)}` : `${w.node} by post ${String(w.device)}`);
