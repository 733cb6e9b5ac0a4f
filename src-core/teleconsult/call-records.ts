// What a live call leaves behind, as FHIR (DESIGN §6): each chat message a Communication, each
// photo a Media plus a Communication that points at it, and the call itself an Encounter of class
// VR (virtual). Shaped to the Ceiba profiles (ceiba-communication, ceiba-media, ceiba-encounter).
import type { Communication, Encounter, Media, Organization, Patient, Practitioner, PractitionerRole, Reference, ServiceRequest, Task } from '@medplum/fhirtypes';

export type StaffReference = Reference<Practitioner | PractitionerRole>;
import { profileUrl } from '../fhir/canonical';
import { toBase64 } from './data-channel-framing';

/** The context every record of one consult shares. */
export interface ConsultContext {
  /** Patient/... */
  readonly subject: Reference<Patient>;
  /** ServiceRequest/... (the teleconsult request) */
  readonly request: Reference<ServiceRequest>;
  /** Task/... (the coordination task; also the call room) */
  readonly task: Reference<Task>;
}

export interface ChatRecordInput {
  readonly id: string;
  readonly text: string;
  readonly sent: string;
  readonly sender: StaffReference;
  readonly recipient: StaffReference;
  readonly encounter?: Reference<Encounter>;
}

/** A completed Communication within the consult; chat and photos differ only in payload. */
function consultCommunication(
  ctx: ConsultContext,
  input: { id: string; sent: string; sender: StaffReference; recipient: StaffReference; encounter?: Reference<Encounter> },
  payload: NonNullable<Communication['payload']>,
): Communication {
  return {
    resourceType: 'Communication',
    id: input.id,
    meta: { profile: [profileUrl('ceiba-communication')] },
    status: 'completed',
    basedOn: [ctx.request],
    partOf: [ctx.task],
    subject: ctx.subject,
    ...(input.encounter === undefined ? {} : { encounter: input.encounter }),
    sent: input.sent,
    sender: input.sender,
    recipient: [input.recipient],
    payload,
  };
}

export function chatCommunication(ctx: ConsultContext, input: ChatRecordInput): Communication {
  return consultCommunication(ctx, input, [{ contentString: input.text }]);
}

/** FHIR Attachment.hash: base64 of the SHA-1 of the data. */
export async function attachmentHash(bytes: Uint8Array): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.digest('SHA-1', bytes as Uint8Array<ArrayBuffer>)));
}

export interface PhotoRecordInput {
  readonly mediaId: string;
  readonly communicationId: string;
  readonly bytes: Uint8Array;
  readonly contentType: string;
  readonly created: string;
  readonly sender: StaffReference;
  readonly recipient: StaffReference;
  readonly title?: string;
  readonly encounter?: Reference<Encounter>;
}

export async function photoRecords(ctx: ConsultContext, input: PhotoRecordInput): Promise<{ media: Media; communication: Communication }> {
  const media: Media = {
    resourceType: 'Media',
    id: input.mediaId,
    meta: { profile: [profileUrl('ceiba-media')] },
    status: 'completed',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/media-type', code: 'image' }] },
    basedOn: [ctx.request],
    subject: ctx.subject,
    ...(input.encounter === undefined ? {} : { encounter: input.encounter }),
    createdDateTime: input.created,
    operator: input.sender,
    content: {
      contentType: input.contentType,
      data: toBase64(input.bytes),
      size: input.bytes.length,
      hash: await attachmentHash(input.bytes),
      ...(input.title === undefined ? {} : { title: input.title }),
    },
  };
  const communication = consultCommunication(
    ctx,
    {
      id: input.communicationId,
      sent: input.created,
      sender: input.sender,
      recipient: input.recipient,
      ...(input.encounter === undefined ? {} : { encounter: input.encounter }),
    },
    [{ contentReference: { reference: `Media/${input.mediaId}` } }],
  );
  return { media, communication };
}

export interface CallRecordInput {
  readonly id: string;
  readonly start: string;
  /** Absent while the call is in progress. */
  readonly end?: string;
  /** Practitioner or PractitionerRole references of the nurse and the specialist. */
  readonly participants: readonly StaffReference[];
  /** The organization providing the service (the specialist's hospital). */
  readonly serviceProvider: Reference<Organization>;
}

export function callEncounter(ctx: ConsultContext, input: CallRecordInput): Encounter {
  return {
    resourceType: 'Encounter',
    id: input.id,
    meta: { profile: [profileUrl('ceiba-encounter')] },
    status: input.end === undefined ? 'in-progress' : 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'VR', display: 'virtual' },
    subject: ctx.subject,
    basedOn: [ctx.request],
    participant: input.participants.map((individual) => ({
      type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'PART' }] }],
      individual,
      period: { start: input.start, ...(input.end === undefined ? {} : { end: input.end }) },
    })),
    period: { start: input.start, ...(input.end === undefined ? {} : { end: input.end }) },
    serviceProvider: input.serviceProvider,
  };
}
