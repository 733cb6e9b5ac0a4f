import { describe, expect, it } from 'vitest';
import { hasErrors } from '../../src-core/fhir/validation';
import { ceibaValidator } from '../../src-core/fhir/validator';
import type { ConsultContext } from '../../src-core/teleconsult/call-records';
import { attachmentHash, callEncounter, chatCommunication, photoRecords } from '../../src-core/teleconsult/call-records';

const ctx: ConsultContext = {
  subject: { reference: 'Patient/paciente-maria' },
  request: { reference: 'ServiceRequest/tc-1' },
  task: { reference: 'Task/tarea-tc-1' },
};
const nurse = { reference: 'PractitionerRole/rol-enfermera-1' };
const specialist = { reference: 'PractitionerRole/rol-pediatra-1' };
const validator = ceibaValidator();
const errors = (r: unknown): unknown[] => validator.validate(r).filter((i) => i.severity === 'error' || i.severity === 'fatal');

describe('call records as FHIR', () => {
  it('a chat message is a valid ceiba-communication', () => {
    const c = chatCommunication(ctx, { id: 'msg-1', text: 'Hola', sent: '2025-11-21T09:15:00-06:00', sender: nurse, recipient: specialist });
    expect(errors(c)).toEqual([]);
    // Control: the validator does check the profile (ceiba-communication requires `sent`).
    expect(errors({ ...c, sent: undefined })).not.toEqual([]);
    expect(c).toMatchObject({ status: 'completed', basedOn: [ctx.request], partOf: [ctx.task], payload: [{ contentString: 'Hola' }] });
  });

  it('a photo is a valid ceiba-media with size and SHA-1 hash, plus a Communication pointing at it', async () => {
    const bytes = new TextEncoder().encode('abc');
    const { media, communication } = await photoRecords(ctx, {
      mediaId: 'foto-1', communicationId: 'msg-2', bytes, contentType: 'image/jpeg', created: '2025-11-21T09:16:00-06:00', sender: nurse, recipient: specialist, title: 'Piel',
    });
    expect(errors(media)).toEqual([]);
    expect(errors(communication)).toEqual([]);
    // SHA-1("abc") = a9993e36..., base64 per FHIR Attachment.hash
    expect(media.content.hash).toBe('qZk+NkcGgWq6PiVxeFDCbJzQ2J0=');
    expect(await attachmentHash(bytes)).toBe(media.content.hash);
    expect(media.content).toMatchObject({ contentType: 'image/jpeg', data: 'YWJj', size: 3 });
    expect(communication.payload?.[0]?.contentReference?.reference).toBe('Media/foto-1');
  });

  it('the call is a valid ceiba-encounter of class VR with participants and period', () => {
    const base = { id: 'llamada-1', start: '2025-11-21T10:00:00-06:00', participants: [nurse, specialist], serviceProvider: { reference: 'Organization/hospital-coban' } };
    const live = callEncounter(ctx, base);
    const done = callEncounter(ctx, { ...base, end: '2025-11-21T10:20:00-06:00' });
    expect(errors(live)).toEqual([]);
    expect(errors(done)).toEqual([]);
    expect(hasErrors(validator.validate(done))).toBe(false);
    expect(done).toMatchObject({ status: 'finished', class: { code: 'VR' }, period: { end: '2025-11-21T10:20:00-06:00' } });
    expect(done.participant?.map((p) => p.individual)).toEqual([nurse, specialist]);
    expect(live.status).toBe('in-progress');
  });
});
