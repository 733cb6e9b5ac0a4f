// Every Ceiba conformance resource the validator loads: the generated StructureDefinitions and
// profile vocabularies (npm run profiles:build) and the national terminology published in
// fhir-profiles/terminology/. A test checks this list against the folders, so a new file cannot be
// forgotten.
import type { CodeSystem, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import sdCeibaAuditEvent from '../../../fhir-profiles/StructureDefinition/ceiba-audit-event.json';
import sdCeibaBodyheight from '../../../fhir-profiles/StructureDefinition/ceiba-bodyheight.json';
import sdCeibaBodytemp from '../../../fhir-profiles/StructureDefinition/ceiba-bodytemp.json';
import sdCeibaBodyweight from '../../../fhir-profiles/StructureDefinition/ceiba-bodyweight.json';
import sdCeibaBp from '../../../fhir-profiles/StructureDefinition/ceiba-bp.json';
import sdCeibaCommunication from '../../../fhir-profiles/StructureDefinition/ceiba-communication.json';
import sdCeibaCondition from '../../../fhir-profiles/StructureDefinition/ceiba-condition.json';
import sdCeibaEncounter from '../../../fhir-profiles/StructureDefinition/ceiba-encounter.json';
import sdCeibaHeadcircum from '../../../fhir-profiles/StructureDefinition/ceiba-headcircum.json';
import sdCeibaHeartrate from '../../../fhir-profiles/StructureDefinition/ceiba-heartrate.json';
import sdCeibaImmunization from '../../../fhir-profiles/StructureDefinition/ceiba-immunization.json';
import sdCeibaLocation from '../../../fhir-profiles/StructureDefinition/ceiba-location.json';
import sdCeibaMedia from '../../../fhir-profiles/StructureDefinition/ceiba-media.json';
import sdCeibaMedicationRequest from '../../../fhir-profiles/StructureDefinition/ceiba-medication-request.json';
import sdCeibaMuac from '../../../fhir-profiles/StructureDefinition/ceiba-muac.json';
import sdCeibaOrganization from '../../../fhir-profiles/StructureDefinition/ceiba-organization.json';
import sdCeibaOxygensat from '../../../fhir-profiles/StructureDefinition/ceiba-oxygensat.json';
import sdCeibaPatient from '../../../fhir-profiles/StructureDefinition/ceiba-patient.json';
import sdCeibaPractitionerRole from '../../../fhir-profiles/StructureDefinition/ceiba-practitioner-role.json';
import sdCeibaPractitioner from '../../../fhir-profiles/StructureDefinition/ceiba-practitioner.json';
import sdCeibaProvenance from '../../../fhir-profiles/StructureDefinition/ceiba-provenance.json';
import sdCeibaReferral from '../../../fhir-profiles/StructureDefinition/ceiba-referral.json';
import sdCeibaResprate from '../../../fhir-profiles/StructureDefinition/ceiba-resprate.json';
import sdCeibaTeleconsultRequest from '../../../fhir-profiles/StructureDefinition/ceiba-teleconsult-request.json';
import sdCeibaTeleconsultTask from '../../../fhir-profiles/StructureDefinition/ceiba-teleconsult-task.json';
import sdPueblo from '../../../fhir-profiles/StructureDefinition/pueblo.json';
import csRolPersonalSalud from '../../../fhir-profiles/vocabulary/CodeSystem-rol-personal-salud.json';
import csTipoEstablecimiento from '../../../fhir-profiles/vocabulary/CodeSystem-tipo-establecimiento.json';
import csTipoSolicitud from '../../../fhir-profiles/vocabulary/CodeSystem-tipo-solicitud.json';
import vsRolPersonalSalud from '../../../fhir-profiles/vocabulary/ValueSet-rol-personal-salud.json';
import vsTipoEstablecimiento from '../../../fhir-profiles/vocabulary/ValueSet-tipo-establecimiento.json';
import vsTipoSolicitud from '../../../fhir-profiles/vocabulary/ValueSet-tipo-solicitud.json';
import csDepartamentoGt from '../../../fhir-profiles/terminology/CodeSystem-departamento-gt.json';
import csMotivoConsulta from '../../../fhir-profiles/terminology/CodeSystem-motivo-consulta.json';
import csMunicipioGt from '../../../fhir-profiles/terminology/CodeSystem-municipio-gt.json';
import csPuebloGt from '../../../fhir-profiles/terminology/CodeSystem-pueblo-gt.json';
import csVacunaGt from '../../../fhir-profiles/terminology/CodeSystem-vacuna-gt.json';
import vsCie10Es from '../../../fhir-profiles/terminology/ValueSet-cie10-es.json';
import vsDepartamentoGt from '../../../fhir-profiles/terminology/ValueSet-departamento-gt.json';
import vsIdiomaGt from '../../../fhir-profiles/terminology/ValueSet-idioma-gt.json';
import vsMotivoConsulta from '../../../fhir-profiles/terminology/ValueSet-motivo-consulta.json';
import vsMunicipioGt from '../../../fhir-profiles/terminology/ValueSet-municipio-gt.json';
import vsPuebloGt from '../../../fhir-profiles/terminology/ValueSet-pueblo-gt.json';
import vsVacunaGt from '../../../fhir-profiles/terminology/ValueSet-vacuna-gt.json';

export const CEIBA_STRUCTURE_DEFINITIONS = [
  sdCeibaAuditEvent,
  sdCeibaBodyheight,
  sdCeibaBodytemp,
  sdCeibaBodyweight,
  sdCeibaBp,
  sdCeibaCommunication,
  sdCeibaCondition,
  sdCeibaEncounter,
  sdCeibaHeadcircum,
  sdCeibaHeartrate,
  sdCeibaImmunization,
  sdCeibaLocation,
  sdCeibaMedia,
  sdCeibaMedicationRequest,
  sdCeibaMuac,
  sdCeibaOrganization,
  sdCeibaOxygensat,
  sdCeibaPatient,
  sdCeibaPractitionerRole,
  sdCeibaPractitioner,
  sdCeibaProvenance,
  sdCeibaReferral,
  sdCeibaResprate,
  sdCeibaTeleconsultRequest,
  sdCeibaTeleconsultTask,
  sdPueblo,
] as unknown as readonly StructureDefinition[];

export const CEIBA_CODE_SYSTEMS = [
  csRolPersonalSalud,
  csTipoEstablecimiento,
  csTipoSolicitud,
  csDepartamentoGt,
  csMotivoConsulta,
  csMunicipioGt,
  csPuebloGt,
  csVacunaGt,
] as unknown as readonly CodeSystem[];

export const CEIBA_VALUE_SETS = [
  vsRolPersonalSalud,
  vsTipoEstablecimiento,
  vsTipoSolicitud,
  vsCie10Es,
  vsDepartamentoGt,
  vsIdiomaGt,
  vsMotivoConsulta,
  vsMunicipioGt,
  vsPuebloGt,
  vsVacunaGt,
] as unknown as readonly ValueSet[];

/** The files above, relative to fhir-profiles/ (checked by test/core/profiles-build.test.ts). */
export const CEIBA_DEFINITION_FILES: readonly string[] = [
  'StructureDefinition/ceiba-audit-event.json',
  'StructureDefinition/ceiba-bodyheight.json',
  'StructureDefinition/ceiba-bodytemp.json',
  'StructureDefinition/ceiba-bodyweight.json',
  'StructureDefinition/ceiba-bp.json',
  'StructureDefinition/ceiba-communication.json',
  'StructureDefinition/ceiba-condition.json',
  'StructureDefinition/ceiba-encounter.json',
  'StructureDefinition/ceiba-headcircum.json',
  'StructureDefinition/ceiba-heartrate.json',
  'StructureDefinition/ceiba-immunization.json',
  'StructureDefinition/ceiba-location.json',
  'StructureDefinition/ceiba-media.json',
  'StructureDefinition/ceiba-medication-request.json',
  'StructureDefinition/ceiba-muac.json',
  'StructureDefinition/ceiba-organization.json',
  'StructureDefinition/ceiba-oxygensat.json',
  'StructureDefinition/ceiba-patient.json',
  'StructureDefinition/ceiba-practitioner-role.json',
  'StructureDefinition/ceiba-practitioner.json',
  'StructureDefinition/ceiba-provenance.json',
  'StructureDefinition/ceiba-referral.json',
  'StructureDefinition/ceiba-resprate.json',
  'StructureDefinition/ceiba-teleconsult-request.json',
  'StructureDefinition/ceiba-teleconsult-task.json',
  'StructureDefinition/pueblo.json',
  'vocabulary/CodeSystem-rol-personal-salud.json',
  'vocabulary/CodeSystem-tipo-establecimiento.json',
  'vocabulary/CodeSystem-tipo-solicitud.json',
  'vocabulary/ValueSet-rol-personal-salud.json',
  'vocabulary/ValueSet-tipo-establecimiento.json',
  'vocabulary/ValueSet-tipo-solicitud.json',
  'terminology/CodeSystem-departamento-gt.json',
  'terminology/CodeSystem-motivo-consulta.json',
  'terminology/CodeSystem-municipio-gt.json',
  'terminology/CodeSystem-pueblo-gt.json',
  'terminology/CodeSystem-vacuna-gt.json',
  'terminology/ValueSet-cie10-es.json',
  'terminology/ValueSet-departamento-gt.json',
  'terminology/ValueSet-idioma-gt.json',
  'terminology/ValueSet-motivo-consulta.json',
  'terminology/ValueSet-municipio-gt.json',
  'terminology/ValueSet-pueblo-gt.json',
  'terminology/ValueSet-vacuna-gt.json',
];
