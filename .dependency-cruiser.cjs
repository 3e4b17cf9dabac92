// Import-cycle check, run by `npm run lint` (`depcruise core bots jobs scripts`): a module of core/,
// bots/, jobs/ or scripts/ may not reach itself again through its imports. Type-only imports count
// too (tsPreCompilationDeps), as they do for madge: a cycle of types is still two modules that can
// only be understood together. The cure is usually to move the shared piece to a module of its own.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'This module is part of an import cycle. Move what both sides need to a module of its own ' +
        '(types, constants), or invert the dependency (pass a function in).',
      from: { path: '^(core|bots|jobs|scripts)/' },
      to: { circular: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|prisma/generated|data)/' },
    // The repository imports its own modules with their .ts extension (allowImportingTsExtensions).
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
