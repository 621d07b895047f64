import { execFileSync } from 'node:child_process';
import type { PlopTypes } from '@turbo/gen';

// `pnpm gen:provider <name>` scaffolds packages/providers/<name> as @provider/<name>: a working provider
// over the Chat Completions wire (the commonest case), with the conformance suite wired in. Contributors
// whose server speaks another wire replace the adapter's internals file by file (CONTRIBUTING.md).
export default function generator(plop: PlopTypes.NodePlopAPI): void {
  plop.setGenerator('provider', {
    description: 'A new @provider/<name> package that builds, type-checks and runs the conformance suite',
    prompts: [
      {
        type: 'input',
        name: 'name',
        message: 'Provider name (kebab-case, e.g. acme-cloud)',
        validate: (input: string) =>
          /^[a-z][a-z0-9-]*$/.test(input) ||
          'Use lowercase letters, digits and dashes, starting with a letter',
      },
    ],
    actions: [
      {
        type: 'addMany',
        destination: '{{ turbo.paths.root }}/packages/providers/{{ kebabCase name }}',
        base: 'templates/provider',
        templateFiles: 'templates/provider/**/*',
        stripExtensions: ['hbs'],
        globOptions: { dot: true },
      },
      // Tables and JSON come out as the formatter wants them, so `pnpm lint` passes on the new package.
      (answers) => {
        const name = plop.getHelper('kebabCase')((answers as { name: string }).name);
        execFileSync('npx', ['biome', 'format', '--write', `packages/providers/${name}`], {
          stdio: 'ignore',
        });
        return `formatted packages/providers/${name}`;
      },
    ],
  });
}
