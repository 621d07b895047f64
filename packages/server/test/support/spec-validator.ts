import { loadOpenApiComponents } from '@tooling/conformance';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Checks answers against named schemas of a published spec in ../shared/specs (compiled once, on first
 * use): `violations` resolves to the ways `value` breaks the schema, empty when it conforms.
 */
export function createSpecValidator<Name extends string>(
  specFile: string,
  names: readonly Name[],
): { violations(schema: Name, value: unknown): Promise<string[]> } {
  let compiled: Promise<Map<Name, ValidateFunction>> | undefined;
  async function compile(): Promise<Map<Name, ValidateFunction>> {
    const components = await loadOpenApiComponents(specFile);
    // strict: false ignores vendor keywords (x-stainless-*, x-oaiTypeLabel, discriminator); formats unchecked.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    return new Map(
      names.map((name) => [name, ajv.compile({ $ref: `#/components/schemas/${name}`, components })]),
    );
  }
  return {
    async violations(schema, value) {
      compiled ??= compile();
      const validate = (await compiled).get(schema) as ValidateFunction;
      if (validate(value)) return [];
      return (validate.errors ?? []).map(
        (error) =>
          `${error.instancePath || '/'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
      );
    },
  };
}
