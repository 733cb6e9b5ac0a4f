// Referrals and teleconsult requests still open (ServiceRequest status draft, active or on-hold),
// newest first: the nurse sees at once that the patient is waiting for a hospital or a specialist.
// The kind comes from the profiles' category slice (tipo-solicitud: referencia / teleconsulta).
import type { ServiceRequest } from '@medplum/fhirtypes';
import { codeSystemUrl, ICD10_SYSTEM } from '../../../src-core/fhir/canonical';
import { codingOf, conceptText } from './fhir-codings';
import { instantOf } from './encounter-timeline';

export interface OpenRequest {
  readonly id: string;
  readonly kind: 'referral' | 'teleconsult' | 'other';
  readonly status: ServiceRequest['status'];
  readonly authoredOn?: string;
  /** CIE-10 code and display of the reason, or its text. */
  readonly reason?: string;
}

const KIND_SYSTEM = codeSystemUrl('tipo-solicitud');
const OPEN: ReadonlySet<ServiceRequest['status']> = new Set(['draft', 'active', 'on-hold']);

function kindOf(request: ServiceRequest): OpenRequest['kind'] {
  const code = (request.category ?? []).map((c) => codingOf(c, KIND_SYSTEM)?.code).find((c) => c !== undefined);
  return code === 'referencia' ? 'referral' : code === 'teleconsulta' ? 'teleconsult' : 'other';
}

function reasonOf(request: ServiceRequest): string | undefined {
  const first = request.reasonCode?.[0];
  const cie10 = codingOf(first, ICD10_SYSTEM);
  if (cie10?.code !== undefined) return cie10.display === undefined ? cie10.code : `${cie10.code} ${cie10.display}`;
  return conceptText(first);
}

export function openRequests(requests: readonly ServiceRequest[]): OpenRequest[] {
  return requests
    .filter((r) => OPEN.has(r.status))
    .map((r) => {
      const reason = reasonOf(r);
      return {
        id: r.id ?? '',
        kind: kindOf(r),
        status: r.status,
        ...(r.authoredOn === undefined ? {} : { authoredOn: r.authoredOn }),
        ...(reason === undefined ? {} : { reason }),
      };
    })
    .sort((a, b) => instantOf(b.authoredOn) - instantOf(a.authoredOn) || a.id.localeCompare(b.id));
}
