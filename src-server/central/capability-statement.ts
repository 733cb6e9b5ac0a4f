// GET [base]/metadata. States what this server really does, so a client can check before relying
// on it: versioned updates with If-Match, create-on-update, conditional create, history everywhere.
import { getResourceTypes } from '@medplum/core';
import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';

export interface CapabilityOptions {
  readonly baseUrl: string;
  readonly date: string;
  readonly authRequired: boolean;
}

const TYPE_INTERACTIONS = ['read', 'vread', 'update', 'delete', 'history-instance', 'history-type', 'create', 'search-type'] as const;

export function capabilityStatement(options: CapabilityOptions): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: options.date,
    kind: 'instance',
    publisher: 'Ceiba',
    software: { name: 'Ceiba reference central FHIR server' },
    implementation: { description: 'Development, demo and test stand-in for the production HAPI FHIR server', url: options.baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        ...(options.authRequired ? { security: { description: 'Authorization: Bearer <token> on every request except metadata' } } : {}),
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'search-system' }, { code: 'history-system' }],
        resource: getResourceTypes().map(resourceCapability),
      },
    ],
  };
}

function resourceCapability(type: CapabilityStatementRestResource['type']): CapabilityStatementRestResource {
  return {
    type,
    interaction: TYPE_INTERACTIONS.map((code) => ({ code })),
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalUpdate: true,
    conditionalDelete: 'single',
  };
}
